// Aggregate snapshots on every store: a 10,000-event stream loads from one snapshot and fewer than N
// events, to the same state as a full replay; a changed state shape makes old snapshots be ignored.
import { beforeAll, describe, expect, it } from 'vitest';
import { AggregateLoader } from '../../src/commands/aggregateLoader.js';
import type { AggregateDefinition } from '../../src/domain/decider.js';
import { foldEvents } from '../../src/shared/catalogue.js';
import { createTestApplication, STORES } from '../support/application.js';
import { countingStorage } from '../support/counting.js';
import { uniqueId } from '../support/envelopes.js';
import { emitter } from '../support/testAggregates.js';

const SNAPSHOT_EVERY = 100;

describe.each(STORES)('aggregate snapshots on the %s store', (store) => {
  const application = createTestApplication({ store, aggregateSettings: { snapshotEvery: SNAPSHOT_EVERY } });
  const stream = { aggregateType: 'test.emitter', aggregateId: uniqueId('long') };
  let fullReplay: unknown;

  beforeAll(async () => {
    const base = { ...stream, commandName: 'emit', causationId: 'c', correlationId: 'c' };
    for (let version = 0; version < 10_000; version += 99) {
      await application.commands.handle({ ...base, payload: { count: Math.min(99, 10_000 - version) } });
    }
    await application.commands.snapshots.flush();
    const { events } = await application.stores.forAggregateType('test.emitter').readStream(stream);
    expect(events).toHaveLength(10_000);
    fullReplay = foldEvents(emitter, emitter.decider.initialState(), events);
  }, 120_000);

  it('loads a 10,000-event stream from one snapshot and fewer than N events, equal to a full replay', async () => {
    const { storage, counts } = countingStorage(application.stores.storageFor('test.emitter'));
    const loaded = await new AggregateLoader(10).load(emitter, storage, stream, 'cached');
    expect(loaded.version).toBe(10_000);
    expect(loaded.state).toEqual(fullReplay);
    expect(counts.snapshotReads).toBe(1);
    expect(counts.streamReads).toBe(1);
    expect(counts.eventsRead).toBeLessThan(SNAPSHOT_EVERY);
    console.info(`${store}: loaded 10,000 events from a snapshot + ${counts.eventsRead} events`);
  });

  it('ignores the snapshot when the state shape has changed, and still loads the right state', async () => {
    type Reshaped = { emitted: number; checksum: number; lastText: string };
    const reshaped: AggregateDefinition<Reshaped> = {
      ...(emitter as unknown as AggregateDefinition<Reshaped>),
      decider: {
        initialState: () => ({ emitted: 0, checksum: 0, lastText: '' }),
        decide: () => [],
        evolve: (state, event) => ({
          ...(emitter.decider.evolve(state, event as never) as Reshaped),
          lastText: 'x',
        }),
      },
    };
    const { storage, counts } = countingStorage(application.stores.storageFor('test.emitter'));
    const loaded = await new AggregateLoader(10).load(reshaped, storage, stream, 'cached');
    expect(counts.snapshotReads).toBe(1);
    expect(counts.eventsRead).toBe(10_000);
    expect(loaded.state).toEqual({ ...(fullReplay as object), lastText: 'x' });
  });
});
