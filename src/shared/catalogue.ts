// The aggregate catalogue, and how stored events are read: upcast to the current shape of their type, or
// refused with the stream and the version named (an unknown type, a schema version without an upcaster).
// Shared by the command pipeline, the state query and the read side, none of which owns it.
import type { AggregateDefinition, DomainEvent } from '../domain/decider.js';
import { UnreadableEventError, upcast } from '../domain/upcasting.js';
import { UnreadableStreamError } from '../errors.js';
import type { EventEnvelope } from './envelope.js';

/** Every aggregate type the application serves (the command registry is one). */
export interface AggregateCatalogue {
  aggregateTypes(): string[];
  /** The definition of a type; throws NotFoundError `unknown-aggregate-type` for any other. */
  aggregate(aggregateType: string): AggregateDefinition;
}

/** A stored event in the current shape of its type; throws UnreadableStreamError for what this code cannot read. */
export function readEvent(aggregate: AggregateDefinition, envelope: EventEnvelope): DomainEvent {
  try {
    return upcast(aggregate, envelope);
  } catch (error) {
    if (!(error instanceof UnreadableEventError)) throw error;
    throw new UnreadableStreamError(
      envelope,
      envelope.version,
      `has ${error.message}; deploy code that knows it (or an upcaster) before loading this stream`,
      envelope.type,
    );
  }
}

/** Folds envelopes into state, upcasting old schema versions and refusing what this code cannot read. */
export function foldEvents(aggregate: AggregateDefinition, state: unknown, events: EventEnvelope[]): unknown {
  let folded = state;
  for (const event of events) folded = aggregate.decider.evolve(folded, readEvent(aggregate, event));
  return folded;
}
