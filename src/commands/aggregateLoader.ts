// Loads an aggregate's state from its event stream, remembering recent states in memory. With a remembered
// state the pipeline can decide without reading the store at all: the append's expected-version check still
// catches any write it missed, and the pipeline then re-loads ("catch-up") and decides again.
import { LRUCache } from 'lru-cache';
import type { AggregateDefinition } from '../domain/decider.js';
import type { EventEnvelope, EventStore, StreamId } from '../stores/eventStore.js';
import { streamKey } from '../stores/streamKey.js';
import { UnknownEventTypeError } from './unknownEventType.js';

export interface LoadedAggregate {
  state: unknown;
  version: number;
  /** True when the state came from memory without asking the store. */
  fromCache: boolean;
}

export class AggregateLoader {
  private readonly cache: LRUCache<string, { state: unknown; version: number }>;

  constructor(cacheSize: number) {
    this.cache = new LRUCache({ max: Math.max(1, cacheSize) });
  }

  /**
   * `cached` trusts a remembered state; `catch-up` reads whatever the store holds after it (or the whole stream).
   */
  async load(
    aggregate: AggregateDefinition,
    store: EventStore,
    stream: StreamId,
    mode: 'cached' | 'catch-up',
  ): Promise<LoadedAggregate> {
    const remembered = this.cache.get(streamKey(stream));
    if (remembered && mode === 'cached') return { ...remembered, fromCache: true };
    const base = remembered ?? { state: aggregate.decider.initialState(), version: 0 };
    const { events, streamVersion } = await store.readStream(stream, { fromVersion: base.version + 1 });
    const state = foldEvents(aggregate, base.state, events);
    const version = events.at(-1)?.version ?? base.version;
    if (version !== streamVersion && events.length > 0) this.forget(stream);
    else this.remember(stream, state, version);
    return { state, version, fromCache: false };
  }

  remember(stream: StreamId, state: unknown, version: number): void {
    if (version > 0) this.cache.set(streamKey(stream), { state, version });
  }

  forget(stream: StreamId): void {
    this.cache.delete(streamKey(stream));
  }
}

/** Folds envelopes into state, refusing event types the aggregate does not know. */
export function foldEvents(
  aggregate: AggregateDefinition,
  initial: unknown,
  events: EventEnvelope[],
): unknown {
  let state = initial;
  for (const event of events) {
    if (!aggregate.eventTypes.includes(event.type)) throw new UnknownEventTypeError(event);
    state = aggregate.decider.evolve(state, { type: event.type, data: event.data });
  }
  return state;
}
