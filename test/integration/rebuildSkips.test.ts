// Issue 10, item 11 (the rebuild): a stream holding an event this code cannot read is left out of a rebuild and
// reported in its job, naming stream and version, instead of failing the whole rebuild: an event of a
// schema version newer than the code in a Table stream (per-aggregate projection) and a damaged record in an append blob (a list view).
import { describe, expect, it } from 'vitest';
import { createTestApplication, useApplicationInBlock } from '../support/application.js';
import { blobServiceClient } from '../support/emulators.js';
import { makeEvents, uniqueId } from '../support/envelopes.js';
import { sendCommand } from '../support/functions.js';
import { rebuildNow } from '../support/rebuildQueue.js';

describe('a rebuild meeting an unreadable stream', () => {
  const suffix = uniqueId('skip')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  const application = useApplicationInBlock(
    createTestApplication({
      store: 'table',
      env: {
        ConfigurationMap: JSON.stringify({
          implementations: {
            table: { type: 'table', connection: 'EventStorage', tablePrefix: `t${suffix.slice(0, 12)}` },
            blob: { type: 'append-blob', connection: 'EventStorage', container: `s-${suffix}` },
          },
          aggregates: { '*': { store: 'table' }, 'diary.item': { store: 'blob' } },
          projections: { store: 'table', container: `p-${suffix}` },
          publishIntents: { store: 'table', table: `i${suffix.slice(0, 20)}` },
        }),
      },
    }),
  );

  it('skips a per-aggregate stream with an event of a schema version it cannot read and rebuilds the others', async () => {
    const good = uniqueId('good');
    const bad = uniqueId('bad');
    expect((await sendCommand('bank.account', good, 'open', { owner: 'Ada' })).status).toBe(200);
    const stream = { aggregateType: 'bank.account', aggregateId: bad };
    const events = makeEvents(stream, 0, 2).map((event, index) =>
      index === 0
        ? {
            ...event,
            type: 'AccountOpened',
            schemaVersion: 2,
            data: { owner: 'Bo', overdraftLimit: 0, currency: 'EUR' },
          }
        : { ...event, type: 'MoneyDeposited', schemaVersion: 9, data: { amount: 1 } },
    );
    await application.stores.forAggregateType('bank.account').appendToStream(stream, 0, events);

    const job = await rebuildNow(application, 'account-balance');

    expect(job.skipped).toEqual([
      expect.objectContaining({ aggregateType: 'bank.account', aggregateId: bad, version: 2 }),
    ]);
    expect(job.skipped[0]?.reason).toContain('schema version 9');
    expect([job.skippedCount, job.streams.done]).toEqual([1, 2]);
    const live = await application.projections.generations.liveCollection('account-balance');
    expect((await application.projections.documents.get(live, good))?.document).toMatchObject({
      asOfVersion: 1,
    });
    expect(await application.projections.documents.get(live, bad)).toBeUndefined();
  });

  it('skips a damaged append-blob stream in a list view and keeps every other item', async () => {
    const item = (title: string) => ({ title, from: '2031-01-01T09:00:00Z', to: '2031-01-01T10:00:00Z' });
    const good = uniqueId('good');
    const bad = uniqueId('bad');
    expect((await sendCommand('diary.item', good, 'create', item('Good'))).status).toBe(200);
    expect((await sendCommand('diary.item', bad, 'create', item('Bad'))).status).toBe(200);
    await blobServiceClient()
      .getContainerClient(`s-${suffix}`)
      .getAppendBlobClient(`diary.item/${bad}/000000.ndjson`)
      .appendBlock('{"not": "an envelope line\n', 26);

    const job = await rebuildNow(application, 'diary-items');

    expect(job.skipped.map(({ aggregateId, version }) => ({ aggregateId, version }))).toEqual([
      { aggregateId: bad, version: 2 },
    ]);
    const page = await application.projections.queries.page('diary-items', { limit: 50 });
    expect((page.items as { id: string }[]).map((entry) => entry.id)).toEqual([good]);
  });
});
