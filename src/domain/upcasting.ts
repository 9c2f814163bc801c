// Brings stored events up to the shape the code knows: each event type has a schema version, and an
// upcaster per older version turns data of version n into data of version n+1. Deciders and projections
// only ever see current shapes; the stored events stay as they were written (they are authoritative).
import type { AggregateDefinition, DomainEvent } from './decider.js';

export interface StoredEvent {
  type: string;
  schemaVersion: number;
  data: unknown;
}

/** Why a stored event cannot be read by this code: an unknown type, or a schema version with no upcaster. */
export class UnreadableEventError extends Error {
  override readonly name = 'UnreadableEventError';
}

export function currentSchemaVersion(aggregate: AggregateDefinition, type: string): number {
  return aggregate.eventSchemas?.[type]?.schemaVersion ?? 1;
}

export function upcast(aggregate: AggregateDefinition, event: StoredEvent): DomainEvent {
  if (!aggregate.eventTypes.includes(event.type)) {
    throw new UnreadableEventError(`unknown event type "${event.type}"`);
  }
  const target = currentSchemaVersion(aggregate, event.type);
  if (event.schemaVersion > target) {
    throw new UnreadableEventError(
      `"${event.type}" has schema version ${event.schemaVersion}, newer than this code's ${target}`,
    );
  }
  let data = event.data;
  for (let version = event.schemaVersion; version < target; version++) {
    const upcaster = aggregate.eventSchemas?.[event.type]?.upcasters[version];
    if (!upcaster) {
      throw new UnreadableEventError(`no upcaster for "${event.type}" from schema version ${version}`);
    }
    data = upcaster(data);
  }
  return { type: event.type, data };
}
