// What one message costs the Blob read side, counted at the SDK pipeline: a per-aggregate projection reads
// its document and writes it once (a duplicate only reads it); a list or classifier writes its tracking
// document the same way, reads the aggregate's entry record, and writes it plus reads the tracking document
// back only when the record changes. The same few requests whatever the number of aggregates.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ProjectionDefinition, ProjectionDocument } from '../../src/projections/projection.js';
import { ProjectionRunner } from '../../src/projections/runner.js';
import { accountBalance } from '../../src/projections/samples/accountBalance.js';
import { accountsInArrears } from '../../src/projections/samples/accountsInArrears.js';
import { diaryItems } from '../../src/projections/samples/diaryItems.js';
import { BlobDocumentStore } from '../../src/stores/documents/blobDocumentStore.js';
import type { EventEnvelope } from '../../src/stores/eventStore.js';
import { createTestApplication } from '../support/application.js';
import { emulators } from '../support/emulators.js';
import { uniqueId } from '../support/envelopes.js';
import { countingBlobServiceClient, RequestLog } from '../support/requestCounter.js';

describe('Blob read side request counts per message', () => {
  const application = createTestApplication({ store: 'table' });
  const log = new RequestLog();
  const container = countingBlobServiceClient(emulators().storageConnectionString, log).getContainerClient(
    `itest-counted-${randomUUID().slice(0, 8)}`,
  );
  const documents = new BlobDocumentStore<ProjectionDocument>(container);
  const runnerFor = (definition: ProjectionDefinition) =>
    new ProjectionRunner({
      definitions: [definition],
      documents,
      events: application.projections.events,
      aggregateTypes: application.registry.aggregateTypes(),
    });

  async function eventsAfter(aggregateType: string, aggregateId: string, commands: [string, unknown][]) {
    for (const [commandName, payload] of commands) {
      await application.commands.handle({
        aggregateType,
        aggregateId,
        commandName,
        payload,
        causationId: randomUUID(),
        correlationId: 'counted',
      });
    }
    const store = application.stores.forAggregateType(aggregateType);
    return (await store.readStream({ aggregateType, aggregateId })).events;
  }

  async function count(runner: ProjectionRunner, event: EventEnvelope | undefined): Promise<string[]> {
    log.clear();
    await runner.handle(event);
    return log.summary();
  }

  it('per-aggregate: one GET and one PUT per event; a duplicate is one GET', async () => {
    const runner = runnerFor(accountBalance);
    const [opened, deposited] = await eventsAfter('bank.account', uniqueId('acc'), [
      ['open', { owner: 'Ada' }],
      ['deposit', { amount: 5 }],
    ]);
    await runner.handle(opened); // creates the container on first use
    expect(await count(runner, deposited)).toEqual(['GET', 'PUT']);
    expect(await count(runner, deposited)).toEqual(['GET']);
  });

  it('list: tracking GET+PUT, entry GET+PUT and a tracking GET back; a duplicate is two GETs', async () => {
    const runner = runnerFor(diaryItems);
    const [created, renamed] = await eventsAfter('diary.item', uniqueId('item'), [
      ['create', { title: 'A', from: '2031-01-01T00:00:00Z', to: '2031-01-01T01:00:00Z' }],
      ['rename', { title: 'B' }],
    ]);
    await runner.handle(created);
    expect(await count(runner, renamed)).toEqual(['GET', 'PUT', 'GET', 'PUT', 'GET']);
    expect(await count(runner, renamed)).toEqual(['GET', 'GET']);
  });

  it('classifier: tracking GET+PUT; joining adds the record GET+PUT and a tracking GET', async () => {
    const runner = runnerFor(accountsInArrears);
    const [opened, deposited, withdrawn] = await eventsAfter('bank.account', uniqueId('acc'), [
      ['open', { owner: 'Ada', overdraftLimit: 100 }],
      ['deposit', { amount: 5 }],
      ['withdraw', { amount: 50 }],
    ]);
    await runner.handle(opened);
    expect(await count(runner, deposited)).toEqual(['GET', 'PUT']);
    expect(await count(runner, withdrawn)).toEqual(['GET', 'PUT', 'GET', 'PUT', 'GET']);
    expect(await count(runner, withdrawn)).toEqual(['GET', 'GET']);
  });
});
