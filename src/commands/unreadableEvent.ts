// A stream holds an event this code cannot read (an unknown type, or a schema version without an
// upcaster): the domain's reason, turned into the HTTP-facing error naming the stream and the version.
import type { UnreadableEventError } from '../domain/upcasting.js';
import { UnreadableStreamError } from '../errors.js';
import type { EventEnvelope } from '../stores/eventStore.js';

export function unreadableStream(
  event: Pick<EventEnvelope, 'aggregateType' | 'aggregateId' | 'version' | 'type'>,
  cause: UnreadableEventError,
): UnreadableStreamError {
  return new UnreadableStreamError(
    event,
    event.version,
    `has ${cause.message}; deploy code that knows it (or an upcaster) before loading this stream`,
    event.type,
  );
}
