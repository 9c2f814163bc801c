// Issue 14 (rebuild jobs): the paged steps of a rebuild job (listing the streams, purging the old generation)
// hold whatever order the queue delivers them in. A queue that works such a step the moment it is sent (so the
// next page runs before the step that sent it has gone on), and one that also delivers each again later (a
// redelivery after a crash), still end with every stream listed once and replayed, the old generation purged,
// and the job finished. Many pages: 600 streams, 100 to a listing page and 500 to a purge page; the second
// rebuild purges the first one's 600 documents.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type Application, createApplication, type QueuedWork } from '../../src/application.js';
import { aggregates } from '../../src/domain/aggregates.js';
import { emulators } from '../support/emulators.js';
import { makeEvents } from '../support/envelopes.js';
import { InMemoryRebuildQueue } from '../support/rebuildQueue.js';

/** Listing and purge steps are worked at once, inside `send`; with `redeliver`, also queued again for later. */
class EagerListingQueue extends InMemoryRebuildQueue {
  application?: Application;

  constructor(private readonly redeliver: boolean) {
    super();
  }

  override async send(items: { messageId: string; body: QueuedWork }[], options?: { delayInMs?: number }) {
    const paged = (kind: string) => kind === 'list' || kind === 'purge';
    const listing = items.filter(({ body }) => paged(body.kind));
    await super.send(this.redeliver ? items : items.filter(({ body }) => !paged(body.kind)), options);
    for (const { body } of listing) await this.application?.projections.rebuilds.work(body);
  }
}

describe('the paged steps of a rebuild job, worked out of turn', () => {
  it.each([
    ['each the moment it is sent', false],
    ['each the moment it is sent, and again later', true],
  ])(
    'list every stream once, replay them all, purge the old generation and finish: %s',
    async (_, redeliver) => {
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
        const ids = Array.from({ length: 600 }, (_, n) => `acc-${n}-${randomUUID().slice(0, 4)}`);
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
        for (const purgedDocuments of [0, 600]) {
          const started = await rebuilds.start('account-balance');
          await queue.drain((body) => rebuilds.work(body));
          const job = await rebuilds.get('account-balance', started.id);
          expect(job).toMatchObject({
            phase: 'finished',
            streams: { listed: 600, done: 600 },
            pages: { listed: 6, listingDone: true },
            events: 600,
            purged: { documents: purgedDocuments },
          });
        }
        const live = await application.projections.generations.liveCollection('account-balance');
        for (const id of ids) {
          expect((await application.projections.documents.get(live, id))?.document.asOfVersion).toBe(1);
        }
      } finally {
        await application.close();
      }
    },
  );
});
