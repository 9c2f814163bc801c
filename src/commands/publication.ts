// What the command pipeline needs from reliable publishing, as a port: record a publish intent before an
// append, publish after it, or discard the intent when the append certainly wrote nothing; or, on a store
// whose head records a standing stream marker, ensure that marker when the store asks and publish after the
// append. The messaging side implements it (messaging/reliablePublisher.ts, markers.ts); the pipeline knows
// nothing of the bus. And the append that goes with it.
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
  /** Present when the messaging side keeps standing stream markers (used on stores with `marking`). */
  readonly markers?: MarkedPublication;
}

export interface MarkedPublication {
  /** Resolves once the stream's marker is durable; rejects (nothing may be appended then) otherwise. */
  ensure(stream: StreamId, headVersion: number): Promise<void>;
  /** After a successful append to a marked stream: publish the events, in the background. */
  publishAppended(stream: StreamId, events: EventEnvelope[]): void;
}

/**
 * Appends so that no event can be appended without a durable note that it must be published (invariant 2): on
 * a store that marks streams, the stream's standing marker, which the store has ensured before any append to a
 * head that does not record it (one request on a busy stream: the append); elsewhere a publish intent recorded
 * first. The events are serialised and checked against the limits once, here, before anything is written.
 */
export async function appendPublished(
  storage: AggregateStorage,
  stream: StreamId,
  expectedVersion: number,
  events: EventEnvelope[],
  publication: Publication | undefined,
): Promise<AppendResult> {
  const prepared = prepareAppend(stream, expectedVersion, events, storage.store.limits);
  const markers = publication?.markers;
  if (markers && storage.store.marking) {
    const ensureMarker = (headVersion: number) => markers.ensure(stream, headVersion);
    const appended = await storage.store.appendToStream(stream, expectedVersion, events, {
      prepared,
      ensureMarker,
    });
    markers.publishAppended(stream, events);
    return appended;
  }
  const intent = await publication?.recordIntent(
    stream,
    expectedVersion + 1,
    expectedVersion + events.length,
  );
  try {
    const appended = await storage.store.appendToStream(stream, expectedVersion, events, { prepared });
    if (intent !== undefined) publication?.publishAppended(intent, events);
    return appended;
  } catch (error) {
    // Only a refusal proves nothing was written; after anything else (a timeout) the sweeper decides.
    if (intent !== undefined && (error instanceof ConcurrencyError || error instanceof PayloadTooLargeError))
      publication?.discard(intent);
    throw error;
  }
}
