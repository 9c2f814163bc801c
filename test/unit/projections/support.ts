// Given / when / then for projections: given past events (current shapes, as the runner hands them over),
// then the state `apply` folds them into, starting from the definition's initial state.
import type { DomainEvent } from '../../../src/domain/decider.js';
import type { ProjectionEvent } from '../../../src/projections/projection.js';

let sequence = 0;

/** An upcast event of `aggregateType/aggregateId` at `version`. */
export function event<E extends DomainEvent>(
  aggregateType: string,
  aggregateId: string,
  version: number,
  domainEvent: E,
): ProjectionEvent<E> {
  return {
    eventId: `${aggregateId}-${version}`,
    aggregateType,
    aggregateId,
    version,
    schemaVersion: 1,
    occurredAt: '2026-01-01T12:00:00.000Z',
    sequence: ++sequence,
    metadata: { correlationId: 'corr', causationId: 'cause', commandName: 'test' },
    ...domainEvent,
  };
}

/** A stream's events, numbered 1, 2, 3 … */
export function stream<E extends DomainEvent>(
  aggregateType: string,
  aggregateId: string,
  events: E[],
): ProjectionEvent<E>[] {
  return events.map((domainEvent, index) => event(aggregateType, aggregateId, index + 1, domainEvent));
}

interface Foldable<S, E extends DomainEvent> {
  initialState(key: string): S;
  apply(state: S, event: ProjectionEvent<E>): S;
}

export function given<S, E extends DomainEvent>(
  definition: Foldable<S, E>,
  key: string,
  events: ProjectionEvent<E>[],
): S {
  return events.reduce((state, next) => definition.apply(state, next), definition.initialState(key));
}
