// Takes aggregate snapshots in the background, after the command has been answered: a slow or failing
// snapshot store can never fail or slow down a command (the next load just reads more events).
import type { AggregateDefinition } from '../domain/decider.js';
import { type Clock, systemClock } from '../shared/clock.js';
import type { StreamId } from '../stores/eventStore.js';
import type { AggregateStorage } from '../stores/eventStores.js';
import type { LoadedAggregate } from './aggregateLoader.js';
import { type AggregateSnapshot, stateFingerprint } from './snapshots.js';

export class SnapshotWriter {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly now: Clock = systemClock,
    private readonly onError: (error: unknown) => void = (error) =>
      console.warn('Snapshot not written:', error),
  ) {}

  /** Snapshots `loaded` when this append crossed a multiple of `every` events. */
  maybeTake(
    aggregate: AggregateDefinition,
    storage: AggregateStorage,
    stream: StreamId,
    previousVersion: number,
    loaded: Omit<LoadedAggregate, 'fromCache'>,
  ): void {
    const every = storage.snapshotEvery;
    const snapshots = storage.snapshots;
    if (!every || !snapshots || Math.floor(loaded.version / every) === Math.floor(previousVersion / every))
      return;
    const snapshot: AggregateSnapshot = {
      ...stream,
      version: loaded.version,
      store: storage.store.name,
      position: loaded.position,
      stateFingerprint: stateFingerprint(aggregate),
      state: loaded.state,
      idempotency: loaded.idempotency,
      takenAt: this.now().toISOString(),
    };
    const write = snapshots
      .write(stream, snapshot)
      .catch(this.onError)
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
  }

  /** Resolves once every snapshot started so far is written (or has failed); for shutdown and tests. */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
