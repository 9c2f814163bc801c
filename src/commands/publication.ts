// What the command pipeline needs from reliable publishing, as a port: record a publish intent before an
// append, publish after it, or discard the intent when the append certainly wrote nothing. The messaging
// side implements it (messaging/reliablePublisher.ts); the pipeline knows nothing of the bus. And the append
// that goes with it.
import { ConcurrencyError, PayloadTooLargeError } from '../errors.js';
import type { EventEnvelope, StreamId } from '../shared/envelope.js';
import { prepareAppend } from '../stores/appendChecks.js';
import type { AppendResult } from '../stores/eventStore.js';
import type { AggregateStorage } from '../stores/eventStores.js';

export interface Publication<Intent = unknown> {
  /** Resolves once the intent is durable; rejects (nothing may be appended then) otherwise. */
  recordIntent(stream: StreamId, fromVersion: number, toVersion: number): Promise<Intent>;
  /** After a successful append: publish the events and remove the intent, in the background. */
  publishAppended(intent: Intent, events: EventEnvelope[]): void;
  /** The append wrote nothing: the intent has nothing to publish. */
  discard(intent: Intent): void;
}

/**
 * Appends with the publish intent recorded first (invariant 2): no event can be appended without a durable note
 * that it must be published. Limits are checked before the intent, so an oversized command costs nothing.
 */
export async function appendPublished(
  storage: AggregateStorage,
  stream: StreamId,
  expectedVersion: number,
  events: EventEnvelope[],
  publication: Publication | undefined,
): Promise<AppendResult> {
  prepareAppend(stream, expectedVersion, events, storage.store.limits);
  const intent = await publication?.recordIntent(
    stream,
    expectedVersion + 1,
    expectedVersion + events.length,
  );
  try {
    const appended = await storage.store.appendToStream(stream, expectedVersion, events);
    if (intent !== undefined) publication?.publishAppended(intent, events);
    return appended;
  } catch (error) {
    // Only a refusal proves nothing was written; after anything else (a timeout) the sweeper decides.
    if (intent !== undefined && (error instanceof ConcurrencyError || error instanceof PayloadTooLargeError))
      publication?.discard(intent);
    throw error;
  }
}
