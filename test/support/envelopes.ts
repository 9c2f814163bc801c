// Builders for event envelopes in store-level tests.
import { randomUUID } from 'node:crypto';
import type { EventEnvelope, StreamId } from '../../src/stores/eventStore.js';

export function uniqueId(prefix = 'id'): string {
  return `${prefix}-${randomUUID().slice(0, 13)}`;
}

/** A fresh aggregate type name, so a test sees only its own streams (`test.t<random>`). */
export function uniqueAggregateType(): string {
  return `test.t${randomUUID().replaceAll('-', '').slice(0, 10)}`;
}

export function makeEvents(
  stream: StreamId,
  afterVersion: number,
  count: number,
  data: (version: number) => unknown = (version) => ({ n: version }),
): EventEnvelope[] {
  return Array.from({ length: count }, (_, index) => {
    const version = afterVersion + index + 1;
    return {
      eventId: randomUUID(),
      aggregateType: stream.aggregateType,
      aggregateId: stream.aggregateId,
      version,
      type: 'ThingHappened',
      schemaVersion: 1,
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, version % 60)).toISOString(),
      sequence: 1_000_000 + version,
      data: data(version),
      metadata: { correlationId: 'corr-1', causationId: 'cmd-1', commandName: 'do-thing' },
    };
  });
}
