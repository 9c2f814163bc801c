// A stream holds an event this code cannot read (an unknown type, or a schema version without an
// upcaster): loading it would silently drop facts, so it stops here, naming the stream and the version.
import type { UnreadableEventError } from '../domain/upcasting.js';
import { ApplicationError } from '../errors.js';
import type { EventEnvelope } from '../stores/eventStore.js';

export class UnreadableStreamError extends ApplicationError {
  override readonly name = 'UnreadableStreamError';
  readonly status = 500;
  readonly code = 'unreadable-event';

  constructor(
    event: Pick<EventEnvelope, 'aggregateType' | 'aggregateId' | 'version' | 'type'>,
    cause: UnreadableEventError,
  ) {
    super(
      `Stream ${event.aggregateType}/${event.aggregateId} cannot be loaded: the event at version ${event.version} has ` +
        `${cause.message}. Deploy code that knows it (or an upcaster) before loading this stream.`,
      {
        aggregateType: event.aggregateType,
        aggregateId: event.aggregateId,
        version: event.version,
        eventType: event.type,
      },
    );
  }
}
