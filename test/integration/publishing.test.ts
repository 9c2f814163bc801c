// Reliable publishing on every store: each appended event becomes one Service Bus message mapped exactly as
// the contract says, and a durable note covers a command's events before they are appended — the stream's
// standing marker where the store's head records one (Table, Append Blob, In-Memory), published through the
// new version once they are published; a publish intent elsewhere, gone once they are published.

import { describe, expect, it } from 'vitest';
import { CommandHandler } from '../../src/commands/commandHandler.js';
import type { EventStore } from '../../src/stores/eventStore.js';
import { intentsCreatedBefore } from '../../src/stores/intents/publishIntentStore.js';
import type { StreamMarker } from '../../src/stores/intents/streamMarkers.js';
import { createTestApplication, STORES, useApplicationInBlock } from '../support/application.js';
import { about, subscribeDownstream } from '../support/downstream.js';
import { uniqueId } from '../support/envelopes.js';
import { readStream, sendCommand } from '../support/functions.js';
import { topicName } from '../support/serviceBusTopics.js';

const downstream = subscribeDownstream('publishing');

describe.each(STORES)('publishing on the %s store', (store) => {
  const application = useApplicationInBlock(
    createTestApplication({ store, env: { EventsTopicName: topicName('publishing') } }),
  );

  it('sends every appended event as one message, mapped exactly as the contract says', async () => {
    const id = uniqueId('acc');
    await sendCommand('bank.account', id, 'open', { owner: 'Ada' }, { 'x-correlation-id': 'corr-pub' });
    await sendCommand('bank.account', id, 'deposit', { amount: 100 });
    await sendCommand('bank.account', id, 'withdraw', { amount: 30 });
    const stored = (await readStream('bank.account', id)).json.events as {
      eventId: string;
      version: number;
    }[];
    const received = await downstream.waitFor(about(id), 3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(downstream.messages.filter(about(id))).toHaveLength(3);
    const byVersion = [...received].sort(
      (a, b) => Number(a.applicationProperties?.version) - Number(b.applicationProperties?.version),
    );
    byVersion.forEach((message, index) => {
      const envelope = stored[index] as {
        eventId: string;
        version: number;
        type?: string;
        schemaVersion?: number;
        metadata?: { correlationId: string };
      };
      expect(message.body).toEqual(envelope);
      expect(message).toMatchObject({
        contentType: 'application/json',
        messageId: envelope.eventId,
        subject: envelope.type,
        correlationId: envelope.metadata?.correlationId,
        sessionId: `bank.account/${id}`,
      });
      // The W3C trace context travels beside the routing facts (the command was traced).
      const traceparent = expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(message.applicationProperties).toEqual({
        aggregateType: 'bank.account',
        aggregateId: id,
        version: envelope.version,
        eventType: envelope.type,
        schemaVersion: envelope.schemaVersion,
        traceparent,
        'Diagnostic-Id': message.applicationProperties?.traceparent,
      });
    });
    expect(byVersion[0]?.correlationId).toBe('corr-pub');
  });

  const markersOf = async (id: string) => {
    const found: StreamMarker[] = [];
    const later = new Date(Date.now() + 60_000);
    for await (const page of application.messaging.intents.markers?.pagesUpdatedBefore(later, 1000) ?? [])
      found.push(...page.filter((marker) => marker.aggregateId === id));
    return found;
  };
  const marks = ['table', 'blob', 'memory'].includes(store);

  /** Runs `emit` commands (count events each) on stream `id` of test.emitter through the given store. */
  const emitterThrough = (store: EventStore, id: string) => {
    const storage = application.stores.storageFor('test.emitter');
    const handler = new CommandHandler({
      registry: application.registry,
      storageFor: () => ({ ...storage, store }),
      retryLimit: 3,
      publication: application.messaging.publication,
    });
    return (count: number) =>
      handler.handle({
        aggregateType: 'test.emitter',
        aggregateId: id,
        commandName: 'emit',
        causationId: 'c',
        correlationId: 'c',
        payload: { count },
      });
  };

  it.runIf(marks)(
    'ensures the stream marker before appending to a new stream, and moves it on after publishing',
    async () => {
      const id = uniqueId('acc');
      const storage = application.stores.storageFor('test.emitter');
      expect(storage.store.marking).toBeDefined();
      const seen: StreamMarker[] = [];
      const store: EventStore = {
        ...storage.store,
        readStream: (stream, options) => storage.store.readStream(stream, options),
        appendToStream: async (stream, expectedVersion, events, options) => {
          const result = await storage.store.appendToStream(stream, expectedVersion, events, {
            ...options,
            ensureMarker: async (head) => {
              await options?.ensureMarker?.(head);
              seen.push(...(await markersOf(stream.aggregateId)));
            },
          });
          return result;
        },
      };
      const emit = emitterThrough(store, id);
      await emit(5);
      expect(seen).toEqual([expect.objectContaining({ aggregateId: id, publishedThrough: 0 })]);
      await emit(2);
      expect(seen).toHaveLength(1); // the head records the marker: the second command only appends
      const received = await downstream.waitFor(about(id), 7);
      expect(received.map((message) => message.applicationProperties?.version).sort()).toEqual([
        1, 2, 3, 4, 5, 6, 7,
      ]);
      await application.messaging.publication.flush();
      expect(await markersOf(id)).toEqual([expect.objectContaining({ publishedThrough: 7 })]);
    },
  );

  it.runIf(!marks)(
    'records a publish intent covering the events before appending them, and removes it after publishing',
    async () => {
      const id = uniqueId('acc');
      const storage = application.stores.storageFor('test.emitter');
      expect(storage.store.marking).toBeUndefined();
      const seenIntents: unknown[] = [];
      const store: EventStore = {
        ...storage.store,
        name: storage.store.name,
        limits: storage.store.limits,
        readStream: (stream, options) => storage.store.readStream(stream, options),
        appendToStream: async (stream, expectedVersion, events) => {
          const intents = await intentsCreatedBefore(
            application.messaging.intents,
            new Date(Date.now() + 60_000),
            10_000,
          );
          seenIntents.push(...intents.filter((intent) => intent.aggregateId === stream.aggregateId));
          return storage.store.appendToStream(stream, expectedVersion, events);
        },
      };
      const emit = emitterThrough(store, id);
      await emit(5);
      expect(seenIntents).toEqual([
        expect.objectContaining({ aggregateId: id, fromVersion: 1, toVersion: 5 }),
      ]);
      await application.messaging.publication.flush();
      const left = await intentsCreatedBefore(
        application.messaging.intents,
        new Date(Date.now() + 60_000),
        10_000,
      );
      expect(left.filter((intent) => intent.aggregateId === id)).toEqual([]);
      const received = await downstream.waitFor(about(id), 5);
      expect(received.map((message) => message.applicationProperties?.version).sort()).toEqual([
        1, 2, 3, 4, 5,
      ]);
    },
  );
});
