// A stream holds an event type that no code knows: loading it would silently drop facts, so it stops here.
import { ApplicationError } from '../errors.js';
import type { EventEnvelope } from '../stores/eventStore.js';

export class UnknownEventTypeError extends ApplicationError {
  override readonly name = 'UnknownEventTypeError';
  readonly status = 500;
  readonly code = 'unknown-event-type';

  constructor(event: Pick<EventEnvelope, 'aggregateType' | 'aggregateId' | 'version' | 'type'>) {
    super(
      `Stream ${event.aggregateType}/${event.aggregateId} holds an event of unknown type "${event.type}" at ` +
        `version ${event.version}; deploy code that knows it (or an upcaster) before loading this stream.`,
      {
        aggregateType: event.aggregateType,
        aggregateId: event.aggregateId,
        version: event.version,
        eventType: event.type,
      },
    );
  }
}
