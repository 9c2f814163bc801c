// Loads an aggregate's state from its event stream. Recently used aggregates stay in memory; with a
// remembered state the pipeline can decide without reading the store at all (the append's expected-version
// check still catches any write it missed, and the pipeline then catches up and decides again). Without one,
// the latest aggregate snapshot (when the type takes them) spares reading the events before it.
import { LRUCache } from 'lru-cache';
import type { AggregateDefinition } from '../domain/decider.js';
import { foldEvents } from '../shared/catalogue.js';
import type { StreamId, StreamPosition } from '../stores/eventStore.js';
import type { AggregateStorage } from '../stores/eventStores.js';
import { streamKey } from '../stores/streamKey.js';
import { type IdempotencyRecord, rememberKeys } from './idempotency.js';
import { asSnapshot, stateFingerprint } from './snapshots.js';

export interface LoadedAggregate {
  state: unknown;
  version: number;
  /** Bookmark after `version` in the store, for reading only what follows. */
  position?: StreamPosition;
  /** The last keyed commands, for idempotent replays. */
  idempotency: IdempotencyRecord[];
  /** True when the state came from memory without asking the store. */
  fromCache: boolean;
}

type Remembered = Omit<LoadedAggregate, 'fromCache'>;

export class AggregateLoader {
  private readonly cache: LRUCache<string, Remembered>;

  constructor(cacheSize: number) {
    this.cache = new LRUCache({ max: Math.max(1, cacheSize) });
  }

  /** `cached` trusts a remembered state; `catch-up` reads whatever the store holds after it. */
  async load(
    aggregate: AggregateDefinition,
    storage: AggregateStorage,
    stream: StreamId,
    mode: 'cached' | 'catch-up',
  ): Promise<LoadedAggregate> {
    const remembered = this.cache.get(streamKey(stream));
    if (remembered && mode === 'cached') return { ...remembered, fromCache: true };
    const base = remembered ?? (await this.fromSnapshot(aggregate, storage, stream)) ?? initial(aggregate);
    const read = await storage.store.readStream(
      stream,
      base.position ? { after: base.position } : { fromVersion: base.version + 1 },
    );
    const loaded: Remembered = {
      state: foldEvents(aggregate, base.state, read.events),
      version: read.events.at(-1)?.version ?? base.version,
      position: read.position ?? base.position,
      idempotency: rememberKeys(base.idempotency, read.events, storage.idempotencyKeys),
    };
    this.remember(stream, loaded);
    return { ...loaded, fromCache: false };
  }

  remember(stream: StreamId, aggregate: Remembered): void {
    if (aggregate.version > 0) this.cache.set(streamKey(stream), aggregate);
  }

  forget(stream: StreamId): void {
    this.cache.delete(streamKey(stream));
  }

  private async fromSnapshot(aggregate: AggregateDefinition, storage: AggregateStorage, stream: StreamId) {
    // A snapshot that cannot be read, belongs elsewhere or has another state shape is ignored: replay instead.
    const document = await storage.snapshots?.read(stream).catch(() => undefined);
    const snapshot = asSnapshot(document, stream);
    if (!snapshot || snapshot.stateFingerprint !== stateFingerprint(aggregate)) return undefined;
    const position = snapshot.store === storage.store.name ? snapshot.position : undefined;
    return { state: snapshot.state, version: snapshot.version, position, idempotency: snapshot.idempotency };
  }
}

function initial(aggregate: AggregateDefinition): Remembered {
  return { state: aggregate.decider.initialState(), version: 0, idempotency: [] };
}
