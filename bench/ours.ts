// The framework's own command path, in this process: seed a bank account stream of any length through the
// store, then time deposits warm (the aggregate remembered, as on a busy instance) or cold (fresh caches, as
// on a new instance), optionally loading from an aggregate snapshot.
import { type Application, createApplication } from '../src/application.js';
import { AggregateLoader } from '../src/commands/aggregateLoader.js';
import { CommandHandler, type CommandRequest } from '../src/commands/commandHandler.js';
import { toEnvelopes } from '../src/commands/envelopes.js';
import { SequenceClock } from '../src/commands/sequence.js';
import { type AggregateSnapshot, stateFingerprint } from '../src/commands/snapshots.js';
import { bankAccount } from '../src/domain/bankAccount/index.js';
import { currentSchemaVersion } from '../src/domain/upcasting.js';
import { EventStores } from '../src/stores/eventStores.js';
import type { StreamMarker, StreamMarkerStore } from '../src/stores/intents/streamMarkers.js';
import { timeEach } from './stats.js';

export function benchApplication(settings: Record<string, string>, map: string): Application {
  return createApplication({ env: { ...settings, ConfigurationMap: map } });
}

export function deposit(aggregateId: string): CommandRequest {
  return {
    aggregateType: 'bank.account',
    aggregateId,
    commandName: 'deposit',
    payload: { amount: 1 },
    causationId: 'bench',
    correlationId: 'bench',
  };
}

/** An open account with `length` events, written straight through the store in appends of 99. */
export async function seedAccount(
  application: Application,
  aggregateId: string,
  length: number,
): Promise<void> {
  const stream = { aggregateType: 'bank.account', aggregateId };
  const store = application.stores.forAggregateType('bank.account');
  const sequence = new SequenceClock();
  const metadata = { correlationId: 'seed', causationId: 'seed', commandName: 'seed' };
  for (let version = 0; version < length; ) {
    const count = Math.min(99, length - version);
    const events = Array.from({ length: count }, (_, index) =>
      version + index === 0
        ? { type: 'AccountOpened', data: { owner: 'Bench', overdraftLimit: 0, currency: 'EUR' } }
        : { type: 'MoneyDeposited', data: { amount: 1 } },
    );
    const envelopes = toEnvelopes(stream, version, events, {
      occurredAt: new Date().toISOString(),
      metadata,
      sequence,
      schemaVersion: (type) => currentSchemaVersion(bankAccount, type),
    });
    await store.appendToStream(stream, version, envelopes);
    version += count;
  }
}

/** Writes the aggregate snapshot a long-running instance would have taken at the stream's head. */
export async function snapshotAccount(application: Application, aggregateId: string): Promise<void> {
  const storage = application.stores.storageFor('bank.account');
  if (!storage.snapshots) throw new Error('the bench map must ask for snapshots');
  const stream = { aggregateType: 'bank.account', aggregateId };
  const loaded = await new AggregateLoader(1).load(
    bankAccount,
    { ...storage, snapshots: undefined },
    stream,
    'catch-up',
  );
  const snapshot: AggregateSnapshot = {
    ...stream,
    version: loaded.version,
    store: storage.store.name,
    position: loaded.position,
    stateFingerprint: stateFingerprint(bankAccount),
    state: loaded.state,
    idempotency: loaded.idempotency,
    takenAt: new Date().toISOString(),
  };
  await storage.snapshots.write(stream, snapshot);
}

/** Deposits on a remembered aggregate: the first one warms the cache and is not timed. */
export async function timeWarm(
  application: Application,
  aggregateId: string,
  count: number,
): Promise<number[]> {
  await application.commands.handle(deposit(aggregateId));
  const flush = () => application.messaging.publication.flush();
  const samples = await timeEach(count, () => application.commands.handle(deposit(aggregateId)), flush);
  await application.messaging.publication.flush();
  return samples;
}

/**
 * Deposits back to back on a remembered aggregate of a busy stream, its marker standing: each publishes in the
 * background while the next is handled, as commands on a busy stream do (the raw floor's appends are back to
 * back too; a pause between samples, waiting for the bus, left the storage connection idle and slowed the next
 * request by a millisecond on this machine).
 */
export async function timeHot(
  application: Application,
  aggregateId: string,
  count: number,
): Promise<number[]> {
  await application.commands.handle(deposit(aggregateId));
  const samples = await timeEach(count, () => application.commands.handle(deposit(aggregateId)));
  await application.messaging.publication.flush();
  return samples;
}

/**
 * As `timeHot`, with the bus send left out (the publisher takes the events and sends nothing): what the framework
 * costs beside the bus, whose client and emulator share this machine's two cores with the store's emulator.
 */
export async function timeHotWithoutBus(
  application: Application,
  aggregateId: string,
  count: number,
): Promise<number[]> {
  const publisher = application.messaging.publisher;
  const publish = publisher.publish;
  publisher.publish = async () => {};
  try {
    return await timeHot(application, aggregateId, count);
  } finally {
    publisher.publish = publish;
  }
}

/**
 * Deposits each handled by a fresh pipeline with fresh stores, as the first command on a new instance. With
 * `traffic`, also counts the storage requests a command made before it returned (its critical path).
 */
export async function timeCold(
  application: Application,
  aggregateId: string,
  count: number,
  traffic?: { reset(): void; requests(): number },
): Promise<{ samples: number[]; requestsPerCommand: number }> {
  const { configurationMap, env } = application.settings;
  // Built before timing: a new instance's clients are made at start-up, not in the command.
  const inMemory = application.stores.forAggregateType('bank.account').name === 'in-memory';
  const handlers = Array.from({ length: count }, () => {
    // An In-Memory store's streams live in its instance: only the pipeline (and its cache) can be new.
    const stores = inMemory ? application.stores : new EventStores(configurationMap, env);
    return new CommandHandler({
      registry: application.registry,
      storageFor: (type) => stores.storageFor(type),
      retryLimit: 10,
      publication: application.messaging.publication,
    });
  });
  let requests = 0;
  const samples = await timeEach(
    count,
    async (index) => {
      traffic?.reset();
      await (handlers[index] as CommandHandler).handle(deposit(aggregateId));
      requests += traffic?.requests() ?? 0;
    },
    () => application.messaging.publication.flush(),
  );
  await application.messaging.publication.flush();
  return { samples, requestsPerCommand: Math.round((requests / count) * 10) / 10 };
}

/**
 * Deposits on a remembered aggregate whose stream is idle: before each (untimed) its marker is retired as the
 * sweeper would (the head's mark cleared, then the marker deleted), so the command pays for a new marker
 * before its append — the cold path of a stream that is not busy. Undefined where the store marks no stream.
 */
export async function timeIdle(
  application: Application,
  aggregateId: string,
  count: number,
): Promise<number[] | undefined> {
  const store = application.stores.forAggregateType('bank.account');
  const markers = application.messaging.intents.markers;
  if (!store.marking || !markers) return undefined;
  const stream = { aggregateType: 'bank.account', aggregateId };
  const flush = () => application.messaging.publication.flush();
  await application.commands.handle(deposit(aggregateId));
  await flush();
  const retire = async () => {
    await flush();
    const marker = await markerOf(markers, aggregateId);
    const retired =
      marker &&
      (await store.marking?.unmark(stream, marker.publishedThrough)) &&
      (await markers.retire(marker));
    if (!retired) throw new Error(`the marker of ${aggregateId} could not be retired`);
  };
  await retire();
  const samples = await timeEach(count, () => application.commands.handle(deposit(aggregateId)), retire);
  await flush();
  return samples;
}

async function markerOf(markers: StreamMarkerStore, aggregateId: string): Promise<StreamMarker | undefined> {
  for await (const page of markers.pagesUpdatedBefore(new Date(Date.now() + 60_000), 1000)) {
    const found = page.find((marker) => marker.aggregateId === aggregateId);
    if (found) return found;
  }
  return undefined;
}
