// Checks every adapter makes before it writes: the events continue the stream where the caller expects,
// and they fit the store's limits. Failing here means nothing was written.
import { PayloadTooLargeError } from '../errors.js';
import type { AppendOptions, EventEnvelope, StoreLimits, StreamId } from './eventStore.js';

export function serializeEnvelope(event: EventEnvelope): string {
  return JSON.stringify(event);
}

/** Returns each envelope serialized, after checking versions, stream identity and limits. */
export function prepareAppend(
  stream: StreamId,
  expectedVersion: number,
  events: EventEnvelope[],
  limits: StoreLimits,
): string[] {
  if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
    throw new RangeError(`expectedVersion must be a non-negative integer, got ${expectedVersion}`);
  }
  if (events.length === 0) throw new RangeError('An append needs at least one event');
  if (events.length > limits.maxEventsPerAppend) {
    throw new PayloadTooLargeError(
      `One command may produce at most ${limits.maxEventsPerAppend} events; this one produced ${events.length}.`,
    );
  }
  let total = 0;
  const serialized = events.map((event, index) => {
    if (
      event.version !== expectedVersion + index + 1 ||
      event.aggregateId !== stream.aggregateId ||
      event.aggregateType !== stream.aggregateType
    ) {
      throw new RangeError(
        `Event ${index} must be version ${expectedVersion + index + 1} of ${stream.aggregateType}/${stream.aggregateId}`,
      );
    }
    const json = serializeEnvelope(event);
    const bytes = Buffer.byteLength(json);
    if (bytes > limits.maxEventBytes) {
      throw new PayloadTooLargeError(
        `Event ${event.type} is ${bytes} bytes; the limit is ${limits.maxEventBytes} bytes.`,
      );
    }
    total += bytes;
    return json;
  });
  if (total > limits.maxAppendBytes) {
    throw new PayloadTooLargeError(
      `The command's events take ${total} bytes; one append may hold at most ${limits.maxAppendBytes} bytes.`,
    );
  }
  return serialized;
}

/** What the caller already prepared (the command pipeline does, once per command), else `prepareAppend`. */
export function preparedAppend(
  stream: StreamId,
  expectedVersion: number,
  events: EventEnvelope[],
  limits: StoreLimits,
  options: AppendOptions | undefined,
): string[] {
  const prepared = options?.prepared;
  if (prepared !== undefined && prepared.length === events.length) return prepared;
  return prepareAppend(stream, expectedVersion, events, limits);
}

/** Events and sizes every store accepts (Service Bus Standard caps a message at 256 KiB). */
export const DEFAULT_LIMITS: StoreLimits = {
  maxEventsPerAppend: 99,
  maxEventBytes: 192 * 1024,
  maxAppendBytes: 3.5 * 1024 * 1024,
};
