// Builds the stored envelopes for the events a command decided.
import type { DomainEvent } from '../domain/decider.js';
import { nameBasedUuids } from '../shared/nameBasedUuid.js';
import type { EventEnvelope, EventMetadata, StreamId } from '../stores/eventStore.js';
import type { SequenceClock } from './sequence.js';

/** Namespace of the project's name-based (v5) event ids. Never change it: ids must stay stable. */
const EVENT_ID_NAMESPACE = '0d4a2c3e-6f1b-5a8e-9c47-3b2e1f0a9d61';
const eventIds = nameBasedUuids(EVENT_ID_NAMESPACE);

export function eventIdFor(aggregateType: string, aggregateId: string, version: number): string {
  return eventIds(`${aggregateType}/${aggregateId}/${version}`);
}

export function toEnvelopes(
  stream: StreamId,
  afterVersion: number,
  events: DomainEvent[],
  context: {
    occurredAt: string;
    metadata: EventMetadata;
    sequence: SequenceClock;
    schemaVersion: (type: string) => number;
  },
): EventEnvelope[] {
  return events.map((event, index) => {
    const version = afterVersion + index + 1;
    return {
      eventId: eventIdFor(stream.aggregateType, stream.aggregateId, version),
      aggregateType: stream.aggregateType,
      aggregateId: stream.aggregateId,
      version,
      type: event.type,
      schemaVersion: context.schemaVersion(event.type),
      occurredAt: context.occurredAt,
      sequence: context.sequence.next(),
      data: event.data,
      metadata: context.metadata,
    };
  });
}
