// Issue 14 (rebuild jobs): the listing steps of a rebuild job hold whatever order the queue delivers them in.
// A queue that works a listing step the moment it is sent (so the next page is listed before the step that sent
// it has gone on), and one that also delivers every listing step again later (a redelivery after a crash), still
// end with every stream listed once and replayed, and the job finished. Many pages: 250 streams, 100 to a page.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type Application, createApplication, type QueuedWork } from '../../src/application.js';
import { aggregates } from '../../src/domain/aggregates.js';
import { emulators } from '../support/emulators.js';
import { makeEvents } from '../support/envelopes.js';
import { InMemoryRebuildQueue } from '../support/rebuildQueue.js';

/** Listing steps are worked at once, inside `send`; with `redeliver`, also queued as a later redelivery. */
class EagerListingQueue extends InMemoryRebuildQueue {
  application?: Application;

  constructor(private readonly redeliver: boolean) {
    super();
  }

  override async send(items: { messageId: string; body: QueuedWork }[], options?: { delayInMs?: number }) {
    const listing = items.filter(({ body }) => body.kind === 'list');
    await super.send(this.redeliver ? items : items.filter(({ body }) => body.kind !== 'list'), options);
    for (const { body } of listing) await this.application?.projections.rebuilds.work(body);
  }
}

describe('the listing steps of a rebuild job, worked out of turn', () => {
  it.each([
    ['each the moment it is sent', false],
    ['each the moment it is sent, and again later', true],
  ])('list every stream once, replay them all and finish: %s', async (_, redeliver) => {
    const queue = new EagerListingQueue(redeliver);
    const application = createApplication({
      aggregates,
      rebuildQueue: queue,
      env: {
        ...emulators().settings,
        ConfigurationMap: JSON.stringify({
          implementations: { memory: { type: 'in-memory' } },
          aggregates: { '*': { store: 'memory' } },
          projections: { store: 'memory', container: 'rebuild-steps' },
          publishIntents: { store: 'memory', table: 'rebuildsteps' },
        }),
        RebuildSettleInMs: '0',
      },
    });
    queue.application = application;
    try {
      const store = application.stores.forAggregateType('bank.account');
      const ids = Array.from({ length: 250 }, (_, n) => `acc-${n}-${randomUUID().slice(0, 4)}`);
      for (const aggregateId of ids) {
        const stream = { aggregateType: 'bank.account', aggregateId };
        const [opened] = makeEvents(stream, 0, 1);
        await store.appendToStream(stream, 0, [
          {
            ...(opened as NonNullable<typeof opened>),
            type: 'AccountOpened',
            schemaVersion: 2,
            data: { owner: aggregateId, overdraftLimit: 0, currency: 'EUR' },
          },
        ]);
      }
      const { rebuilds } = application.projections;
      const started = await rebuilds.start('account-balance');
      await queue.drain((body) => rebuilds.work(body));
      const job = await rebuilds.get('account-balance', started.id);
      expect(job).toMatchObject({
        phase: 'finished',
        streams: { listed: 250, done: 250 },
        pages: { listed: 3, listingDone: true },
        events: 250,
      });
      const live = await application.projections.generations.liveCollection('account-balance');
      for (const id of ids) {
        expect((await application.projections.documents.get(live, id))?.document.asOfVersion).toBe(1);
      }
    } finally {
      await application.close();
    }
  });
});
