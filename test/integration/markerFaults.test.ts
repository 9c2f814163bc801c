// Invariant 2 on the standing-marker path (messaging/markers.ts), on Table and Append Blob through the SDKs on
// the emulators: a fault at every step — before and after the marker is ensured, before and after the append,
// before and after publishing, during a marker's retirement, and a writer paused across a retirement (holding
// a marked head, or having just ensured the marker) — ends, once the sweeper has run, with every stored event
// delivered exactly once downstream and the account-balance projection counting each deposit once. Each
// writer is another process: its own stores, caches and publisher over the same storage.
import { describe, expect, it } from 'vitest';
import { CommandHandler, type CommandRequest } from '../../src/commands/commandHandler.js';
import type { EventPublisher } from '../../src/messaging/publisher.js';
import { ReliablePublisher } from '../../src/messaging/reliablePublisher.js';
import { sweepPublishIntents } from '../../src/messaging/sweeper.js';
import type { EventStore } from '../../src/stores/eventStore.js';
import { EventStores } from '../../src/stores/eventStores.js';
import type { PublishIntentStore } from '../../src/stores/intents/publishIntentStore.js';
import type { StreamMarker, StreamMarkerStore } from '../../src/stores/intents/streamMarkers.js';
import { createTestApplication } from '../support/application.js';
import { about, subscribeDownstream } from '../support/downstream.js';
import { uniqueId } from '../support/envelopes.js';
import { topicName } from '../support/serviceBusTopics.js';

const downstream = subscribeDownstream('markers');
const crash = () => new Error('the process crashed here');

interface Faults {
  ensureFails?: boolean;
  afterEnsure?: boolean;
  /** Held after ensuring the marker, before the append. */
  pauseAfterEnsure?: Promise<void>;
  /** Held before the append, the head it will be conditioned on already learned. */
  pauseBeforeAppend?: Promise<void>;
  afterAppend?: boolean;
  publishFails?: boolean;
  advanceFails?: boolean;
}

function gate() {
  let open = () => {};
  const closed = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { closed, open };
}

describe.each(['table', 'blob'] as const)('stream marker faults on the %s store', (store) => {
  const application = createTestApplication({
    store,
    intentsTable: 'itestmarkerintents',
    env: { EventsTopicName: topicName('markers') },
  });
  const { publisher } = application.messaging;
  const markers = application.messaging.intents.markers as StreamMarkerStore;

  /** A writer process with its own stores and caches, and the faults it meets. */
  function writer(faults: Faults = {}) {
    const stores = new EventStores(application.settings.configurationMap, application.settings.env);
    const storage = stores.storageFor('bank.account');
    const intents = stores.publishIntents();
    const own = intents.markers as StreamMarkerStore;
    const faultyMarkers: StreamMarkerStore = {
      ensure: async (stream, head, now) => {
        if (faults.ensureFails) throw crash();
        await own.ensure(stream, head, now);
      },
      advance: async (stream, from, to, now) => {
        if (faults.advanceFails) throw crash();
        return own.advance(stream, from, to, now);
      },
      pagesUpdatedBefore: (cutoff, pageSize) => own.pagesUpdatedBefore(cutoff, pageSize),
      setPublishedThrough: (marker, version, now) => own.setPublishedThrough(marker, version, now),
      retire: (marker) => own.retire(marker),
    };
    const faultyIntents: PublishIntentStore = {
      record: (intent) => intents.record(intent),
      remove: (intent) => intents.remove(intent),
      pagesCreatedBefore: (cutoff, pageSize) => intents.pagesCreatedBefore(cutoff, pageSize),
      markers: faultyMarkers,
    };
    const faulty: EventStore = {
      ...storage.store,
      readStream: (stream, options) => storage.store.readStream(stream, options),
      appendToStream: async (stream, expected, events, options) => {
        await faults.pauseBeforeAppend;
        const ensureMarker = async (head: number) => {
          await options?.ensureMarker?.(head);
          if (faults.afterEnsure) throw crash();
          await faults.pauseAfterEnsure;
        };
        const result = await storage.store.appendToStream(stream, expected, events, {
          ...options,
          ensureMarker,
        });
        if (faults.afterAppend) throw crash();
        return result;
      },
    };
    const busDown: EventPublisher = {
      ...publisher,
      publish: async () => Promise.reject(new Error('bus down')),
    };
    const publication = new ReliablePublisher({
      intents: faultyIntents,
      publisher: faults.publishFails ? busDown : publisher,
      onError: () => {},
    });
    const handler = new CommandHandler({
      registry: application.registry,
      storageFor: () => ({ ...storage, store: faulty }),
      retryLimit: 10,
      publication,
    });
    return { handler, publication, faults };
  }

  const command = (aggregateId: string, commandName: string, payload: unknown): CommandRequest => ({
    aggregateType: 'bank.account',
    aggregateId,
    commandName,
    payload,
    causationId: uniqueId('cmd'),
    correlationId: uniqueId('corr'),
  });
  const deposit = (id: string, amount: number) => command(id, 'deposit', { amount });

  /** One sweeper run; `retire`: markers idle for any time at all are retired. */
  const sweep = (retire = false) =>
    sweepPublishIntents({
      intents: application.messaging.intents,
      publisher,
      storeFor: (type) => application.stores.forAggregateType(type),
      sweepAfterInMs: 0,
      expiryInMs: retire ? 0 : 3_600_000,
    });

  async function markerOf(id: string): Promise<StreamMarker | undefined> {
    for await (const page of markers.pagesUpdatedBefore(new Date(Date.now() + 60_000), 1000)) {
      const found = page.find((marker) => marker.aggregateId === id);
      if (found) return found;
    }
    return undefined;
  }

  /** Every version delivered exactly once, and the projection fed every message counts each deposit once. */
  async function expectDeliveredOnce(id: string, versions: number[], balance: number) {
    await downstream.waitFor(about(id), versions.length);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const delivered = downstream.messages.filter(about(id));
    expect(delivered.map((message) => Number(message.applicationProperties?.version)).sort()).toEqual(
      versions,
    );
    const runner = application.projections.runner;
    for (const message of [...delivered, ...delivered]) await runner.handle(message.body);
    const stored = await application.projections.documents.get('account-balance', id);
    expect(stored?.document).toMatchObject({ asOfVersion: versions.at(-1), state: { balance } });
  }

  async function openAccount(id: string, by = writer()) {
    await by.handler.handle(command(id, 'open', { owner: 'Ada' }));
    await by.publication.flush();
    return by;
  }

  it('crash before the marker is created: nothing is appended (503), the next command goes through', async () => {
    const id = uniqueId('acc');
    await expect(
      writer({ ensureFails: true }).handler.handle(command(id, 'open', { owner: 'Ada' })),
    ).rejects.toThrow('publication marker');
    expect(
      (
        await application.stores
          .forAggregateType('bank.account')
          .readStream({ aggregateType: 'bank.account', aggregateId: id })
      ).streamVersion,
    ).toBe(0);
    await openAccount(id);
    await expectDeliveredOnce(id, [1], 0);
  });

  it('crash after the marker is created, before the append: the idle marker is retired, the stream stays usable', async () => {
    const id = uniqueId('acc');
    await expect(
      writer({ afterEnsure: true }).handler.handle(command(id, 'open', { owner: 'Ada' })),
    ).rejects.toThrow('crashed');
    expect(await markerOf(id)).toMatchObject({ publishedThrough: 0 });
    expect((await sweep(true)).retired).toBeGreaterThanOrEqual(1);
    expect(await markerOf(id)).toBeUndefined();
    const next = await openAccount(id);
    await next.handler.handle(deposit(id, 5));
    await next.publication.flush();
    await expectDeliveredOnce(id, [1, 2], 5);
  });

  it('crash after the append, before publishing: the sweeper publishes what lies beyond published-through', async () => {
    const id = uniqueId('acc');
    const first = await openAccount(id);
    first.faults.afterAppend = true;
    await expect(first.handler.handle(deposit(id, 5))).rejects.toThrow('crashed');
    expect((await sweep()).published).toBeGreaterThanOrEqual(1);
    expect(await markerOf(id)).toMatchObject({ publishedThrough: 2 });
    await expectDeliveredOnce(id, [1, 2], 5);
  });

  it('the bus fails while publishing: the sweeper publishes once it is back', async () => {
    const id = uniqueId('acc');
    const { handler, publication } = await openAccount(id, writer({ publishFails: true }));
    await handler.handle(deposit(id, 5));
    await publication.flush();
    expect((await sweep()).published).toBeGreaterThanOrEqual(2);
    await expectDeliveredOnce(id, [1, 2], 5);
  });

  it('crash after publishing, before moving published-through on: republished copies are dropped', async () => {
    const id = uniqueId('acc');
    const { handler, publication } = await openAccount(id, writer({ advanceFails: true }));
    await handler.handle(deposit(id, 5));
    await publication.flush();
    expect(await markerOf(id)).toMatchObject({ publishedThrough: 0 });
    expect((await sweep()).published).toBeGreaterThanOrEqual(2);
    expect(await markerOf(id)).toMatchObject({ publishedThrough: 2 });
    await expectDeliveredOnce(id, [1, 2], 5);
  });

  it('crash during a retirement, after the head is unmarked and before the marker is deleted: writers re-mark it', async () => {
    const id = uniqueId('acc');
    const busy = await openAccount(id);
    const marker = (await markerOf(id)) as StreamMarker;
    const marking = application.stores.forAggregateType('bank.account').marking;
    expect(await marking?.unmark(marker, marker.publishedThrough)).toBe(true); // step 1, then the sweeper dies
    await busy.handler.handle(deposit(id, 5)); // its marked head is stale: fails, re-reads, ensures, appends
    await busy.publication.flush();
    expect(await markers.retire(marker)).toBe(false); // the writer wrote the marker again: step 3 must fail
    expect(await markerOf(id)).toMatchObject({ publishedThrough: 2 });
    await sweep(true);
    await expectDeliveredOnce(id, [1, 2], 5);
  });

  it('a writer paused across a retirement, holding the marked head: its append fails, it re-marks, nothing is lost', async () => {
    const id = uniqueId('acc');
    const held = gate();
    const paused = await openAccount(id);
    paused.faults.pauseBeforeAppend = held.closed;
    const pending = paused.handler.handle(deposit(id, 5));
    expect((await sweep(true)).retired).toBeGreaterThanOrEqual(1);
    expect(await markerOf(id)).toBeUndefined();
    held.open();
    expect((await pending).result.version).toBe(2);
    await paused.publication.flush();
    expect(await markerOf(id)).toMatchObject({ publishedThrough: 2 });
    await sweep(true);
    await expectDeliveredOnce(id, [1, 2], 5);
  });

  it('a writer paused across a retirement just after ensuring the marker: the append fails, a new marker covers it', async () => {
    const id = uniqueId('acc');
    await openAccount(id);
    expect((await sweep(true)).retired).toBeGreaterThanOrEqual(1); // idle: the head is unmarked, no marker
    const held = gate();
    const paused = writer({ pauseAfterEnsure: held.closed });
    const pending = paused.handler.handle(deposit(id, 5));
    for (let wait = 0; !(await markerOf(id)) && wait < 200; wait++)
      await new Promise((r) => setTimeout(r, 10));
    expect((await sweep(true)).retired).toBeGreaterThanOrEqual(1); // read after the writer's ensure: succeeds
    paused.faults.pauseAfterEnsure = undefined;
    held.open();
    expect((await pending).result.version).toBe(2);
    await paused.publication.flush();
    expect(await markerOf(id)).toMatchObject({ publishedThrough: 2 });
    await expectDeliveredOnce(id, [1, 2], 5);
  });
});
