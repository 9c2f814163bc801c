// Invariant 2 under injected faults, on every store: a crash after the intent and before the append (stores
// that keep publish intents), after the append and before publishing, a bus failure, and a crash after
// publishing and before removing the intent (or moving the marker on) all end, once the sweeper has run, with
// every stored event delivered exactly once downstream. The marker's own steps: markerFaults.test.ts.
import { describe, expect, it } from 'vitest';
import { CommandHandler, type CommandRequest } from '../../src/commands/commandHandler.js';
import type { EventPublisher } from '../../src/messaging/publisher.js';
import { ReliablePublisher } from '../../src/messaging/reliablePublisher.js';
import { sweepPublishIntents } from '../../src/messaging/sweeper.js';
import type { EventStore } from '../../src/stores/eventStore.js';
import {
  intentsCreatedBefore,
  type PublishIntentStore,
} from '../../src/stores/intents/publishIntentStore.js';
import { createTestApplication, STORES } from '../support/application.js';
import { about, subscribeDownstream } from '../support/downstream.js';
import { uniqueId } from '../support/envelopes.js';
import { topicName } from '../support/serviceBusTopics.js';

const downstream = subscribeDownstream('faults');
const crash = () => new Error('the process crashed here');

interface Faults {
  beforeAppend?: boolean;
  afterAppend?: boolean;
  publishFails?: boolean;
  removeFails?: boolean;
}

describe.each(STORES)('publishing faults on the %s store', (store) => {
  // Intents and markers of its own: its sweeps retire idle markers, which other files' streams must keep.
  const application = createTestApplication({
    store,
    intentsTable: 'itestfaultintents',
    env: { EventsTopicName: topicName('faults') },
  });
  const { intents, publisher } = application.messaging;
  const { markers } = intents;

  function instance(faults: Faults) {
    const storage = application.stores.storageFor('bank.account');
    const faulty: EventStore = {
      ...storage.store,
      name: storage.store.name,
      limits: storage.store.limits,
      readStream: (stream, options) => storage.store.readStream(stream, options),
      appendToStream: async (stream, expected, events, options) => {
        if (faults.beforeAppend) throw crash();
        const result = await storage.store.appendToStream(stream, expected, events, options);
        if (faults.afterAppend) throw crash();
        return result;
      },
    };
    const faultyPublisher: EventPublisher = {
      ...publisher,
      publish: async () => Promise.reject(new Error('bus down')),
    };
    const faultyIntents: PublishIntentStore = {
      record: (intent) => intents.record(intent),
      pagesCreatedBefore: (cutoff, pageSize) => intents.pagesCreatedBefore(cutoff, pageSize),
      remove: async () => Promise.reject(crash()),
      ...(markers && {
        markers: {
          ensure: (stream, head, now) => markers.ensure(stream, head, now),
          advance: async () => Promise.reject(crash()),
          pagesUpdatedBefore: (cutoff, pageSize) => markers.pagesUpdatedBefore(cutoff, pageSize),
          setPublishedThrough: (marker, version, now) => markers.setPublishedThrough(marker, version, now),
          retire: (marker) => markers.retire(marker),
        },
      }),
    };
    const publication = new ReliablePublisher({
      intents: faults.removeFails ? faultyIntents : intents,
      publisher: faults.publishFails ? faultyPublisher : publisher,
      onError: () => {},
    });
    const handler = new CommandHandler({
      registry: application.registry,
      storageFor: () => ({ ...storage, store: faulty }),
      retryLimit: 3,
      publication,
    });
    return { handler, publication };
  }

  const command = (aggregateId: string, commandName: string, payload: unknown): CommandRequest => ({
    aggregateType: 'bank.account',
    aggregateId,
    commandName,
    payload,
    causationId: uniqueId('cmd'),
    correlationId: uniqueId('corr'),
  });

  const sweep = () =>
    sweepPublishIntents({
      intents,
      publisher,
      storeFor: (type) => application.stores.forAggregateType(type),
      sweepAfterInMs: 0,
      expiryInMs: 0,
    });

  async function expectDeliveredOnce(id: string, versions: number[]) {
    await downstream.waitFor(about(id), versions.length);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const delivered = downstream.messages
      .filter(about(id))
      .map((message) => Number(message.applicationProperties?.version));
    expect(delivered.sort()).toEqual(versions);
  }

  async function openAccount(id: string) {
    await application.commands.handle(command(id, 'open', { owner: 'Ada' }));
    await application.messaging.publication.flush();
  }

  it.runIf(['local', 'files'].includes(store))(
    'crash after the intent, before the append: nothing is published, the intent expires, the next command is',
    async () => {
      const id = uniqueId('acc');
      await openAccount(id);
      await expect(
        instance({ beforeAppend: true }).handler.handle(command(id, 'deposit', { amount: 5 })),
      ).rejects.toThrow('crashed');
      expect((await sweep()).expired).toBeGreaterThanOrEqual(1);
      await application.commands.handle(command(id, 'deposit', { amount: 7 }));
      await application.messaging.publication.flush();
      await expectDeliveredOnce(id, [1, 2]);
    },
  );

  it('crash after the append, before publishing: the sweeper publishes the stored events', async () => {
    const id = uniqueId('acc');
    await openAccount(id);
    await expect(
      instance({ afterAppend: true }).handler.handle(command(id, 'deposit', { amount: 5 })),
    ).rejects.toThrow('crashed');
    expect((await sweep()).published).toBeGreaterThanOrEqual(1);
    await expectDeliveredOnce(id, [1, 2]);
  });

  it('the bus fails while publishing: the sweeper publishes once it is back', async () => {
    const id = uniqueId('acc');
    await openAccount(id);
    const { handler, publication } = instance({ publishFails: true });
    await handler.handle(command(id, 'deposit', { amount: 5 }));
    await publication.flush();
    expect((await sweep()).published).toBeGreaterThanOrEqual(1);
    await expectDeliveredOnce(id, [1, 2]);
  });

  it('crash after publishing, before removing the intent: republished copies are dropped as duplicates', async () => {
    const id = uniqueId('acc');
    await openAccount(id);
    const { handler, publication } = instance({ removeFails: true });
    await handler.handle(command(id, 'deposit', { amount: 5 }));
    await publication.flush();
    expect((await sweep()).published).toBeGreaterThanOrEqual(1);
    await expectDeliveredOnce(id, [1, 2]);
    const left = await intentsCreatedBefore(intents, new Date(Date.now() + 60_000), 10_000);
    expect(left.filter((intent) => intent.aggregateId === id)).toEqual([]);
  });
});
