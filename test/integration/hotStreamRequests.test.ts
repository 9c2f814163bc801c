// Issue 16's acceptance, counted at the SDK pipelines of the event store and of the intents' table together:
// with reliable publishing on, a command on a busy stream makes exactly one storage request before it
// returns (the append), on Table and on Append Blob. A new stream pays for its marker first.
import { randomUUID } from 'node:crypto';
import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import { CommandHandler, type CommandRequest } from '../../src/commands/commandHandler.js';
import { CommandRegistry } from '../../src/commands/registry.js';
import type { EventPublisher } from '../../src/messaging/publisher.js';
import { ReliablePublisher } from '../../src/messaging/reliablePublisher.js';
import { AppendBlobEventStore } from '../../src/stores/appendBlob/appendBlobEventStore.js';
import type { EventStore } from '../../src/stores/eventStore.js';
import { TablePublishIntentStore } from '../../src/stores/intents/tablePublishIntentStore.js';
import { TableEventStore } from '../../src/stores/table/tableEventStore.js';
import { emulators } from '../support/emulators.js';
import { uniqueId } from '../support/envelopes.js';
import { countingBlobServiceClient, RequestLog } from '../support/requestCounter.js';
import { emitter } from '../support/testAggregates.js';

type Policy = NonNullable<TableServiceClientOptions['additionalPolicies']>[number]['policy'];

const tableRequests: string[] = [];
const counter: Policy = {
  name: 'countRequests',
  sendRequest: (request, next) => {
    tableRequests.push(`${request.method} ${new URL(request.url).pathname.split('/').at(-1)}`);
    return next(request);
  },
};
const countedTable = (name: string) =>
  TableClient.fromConnectionString(emulators().storageConnectionString, name, {
    allowInsecureConnection: true,
    additionalPolicies: [{ policy: counter, position: 'perCall' }],
  });
const blobLog = new RequestLog();
const intentsTable = `hotintents${randomUUID().slice(0, 8)}`;

/** Background publishing waits for `release`, so nothing it sends can land among the command's requests. */
function gatedPublisher() {
  let open: () => void = () => {};
  let gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const publisher: EventPublisher = {
    publish: async () => gate,
    checkHealth: async () => {},
    close: async () => {},
  };
  const release = () => {
    open();
    gate = new Promise<void>((resolve) => {
      open = resolve;
    });
  };
  return { publisher, release };
}

function pipeline(store: EventStore) {
  const { publisher, release } = gatedPublisher();
  const publication = new ReliablePublisher({
    intents: new TablePublishIntentStore(countedTable(intentsTable)),
    publisher,
  });
  const handler = new CommandHandler({
    registry: new CommandRegistry().register(emitter),
    storageFor: () => ({ store, idempotencyKeys: 100 }),
    retryLimit: 3,
    publication,
  });
  const settle = async () => {
    release();
    await publication.flush();
  };
  return { handler, settle };
}

const emit = (aggregateId: string): CommandRequest => ({
  aggregateType: 'test.emitter',
  aggregateId,
  commandName: 'emit',
  payload: { count: 1 },
  causationId: 'cmd',
  correlationId: 'corr',
});

/** Every storage request, Table and Blob, since the last call. */
function sent(): string[] {
  const all = [...tableRequests, ...blobLog.summary()];
  tableRequests.length = 0;
  blobLog.clear();
  return all;
}

describe('storage requests on the critical path of a command, with reliable publishing', () => {
  it('Table: a new stream creates its marker, then appends; a busy one only appends', async () => {
    const store = new TableEventStore({ tablePrefix: 'hot', tableClient: countedTable });
    const { handler, settle } = pipeline(store);
    const id = uniqueId('stream');
    await handler.handle(emit(id)); // creates the tables on first use
    await settle();
    const other = uniqueId('stream');
    sent();
    await handler.handle(emit(other));
    // The read that finds the stream new, the marker, the append.
    expect(sent()).toEqual([expect.stringMatching(/^GET /), `POST ${intentsTable}`, 'POST $batch']);
    await settle();
    expect(sent()).toEqual([expect.stringMatching(/^PATCH|^MERGE/)]); // published-through moved on
    for (let command = 0; command < 3; command++) {
      await handler.handle(emit(other));
      expect(sent()).toEqual(['POST $batch']);
      await settle();
      sent();
    }
  });

  it('Append Blob: a new stream creates its marker and blob, then appends; a busy one only appends', async () => {
    const container = countingBlobServiceClient(
      emulators().storageConnectionString,
      blobLog,
    ).getContainerClient(`hot-${randomUUID()}`);
    const store = new AppendBlobEventStore({ containerClient: container, checkpointEvery: 1000 });
    const { handler, settle } = pipeline(store);
    await handler.handle(emit(uniqueId('stream'))); // creates the container and the table on first use
    await settle();
    const id = uniqueId('stream');
    sent();
    await handler.handle(emit(id));
    // After the reads that find the stream new: the marker (a table insert), the blob's creation, the append.
    expect(sent().filter((request) => request !== 'GET')).toEqual([
      `POST ${intentsTable}`,
      'PUT',
      'PUT appendblock',
    ]);
    await settle();
    sent();
    for (let command = 0; command < 3; command++) {
      await handler.handle(emit(id));
      expect(sent()).toEqual(['PUT appendblock']);
      await settle();
      sent();
    }
  });
});
