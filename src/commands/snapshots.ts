// Aggregate snapshots (the seeds' mementos): every N events the pipeline stores the state it just computed,
// so loading a long stream reads one snapshot and only the events after it. A snapshot remembers where in
// the store it stopped (a bookmark for a ranged read) and a fingerprint of the state's shape: when a
// deployment changes the state, old snapshots no longer match and are ignored instead of misread.
import { createHash } from 'node:crypto';
import type { AggregateDefinition } from '../domain/decider.js';
import type { StreamId, StreamPosition } from '../stores/eventStore.js';
import type { IdempotencyRecord } from './idempotency.js';

export interface AggregateSnapshot {
  aggregateType: string;
  aggregateId: string;
  version: number;
  /** The event store that wrote the bookmark (a bookmark means nothing to another store). */
  store: string;
  position?: StreamPosition;
  stateFingerprint: string;
  state: unknown;
  idempotency: IdempotencyRecord[];
  takenAt: string;
}

/** The snapshot document for `stream`, if it is one and belongs to that stream. */
export function asSnapshot(document: unknown, stream: StreamId): AggregateSnapshot | undefined {
  if (typeof document !== 'object' || document === null) return undefined;
  const snapshot = document as Partial<AggregateSnapshot>;
  const valid =
    snapshot.aggregateType === stream.aggregateType &&
    snapshot.aggregateId === stream.aggregateId &&
    typeof snapshot.version === 'number' &&
    typeof snapshot.stateFingerprint === 'string' &&
    Array.isArray(snapshot.idempotency);
  return valid ? (snapshot as AggregateSnapshot) : undefined;
}

/** A hash of the shape of the aggregate's initial state (field names and value types) and its stateVersion. */
export function stateFingerprint(aggregate: AggregateDefinition): string {
  let fingerprint = fingerprints.get(aggregate);
  if (fingerprint === undefined) {
    const shape = describe(aggregate.decider.initialState());
    fingerprint = createHash('sha256')
      .update(`${aggregate.type}|${aggregate.stateVersion ?? 1}|${shape}`)
      .digest('hex')
      .slice(0, 16);
    fingerprints.set(aggregate, fingerprint);
  }
  return fingerprint;
}

/** A definition's fingerprint never changes: computed once, not on every load. */
const fingerprints = new WeakMap<AggregateDefinition, string>();

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.length > 0 ? describe(value[0]) : ''}]`;
  if (typeof value !== 'object') return typeof value;
  const entries = Object.keys(value)
    .sort()
    .map((key) => `${key}:${describe((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}
