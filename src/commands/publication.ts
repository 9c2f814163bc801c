// What the command pipeline needs from reliable publishing, as a port: record a publish intent before an
// append, publish after it, or discard the intent when the append certainly wrote nothing. The messaging
// side implements it (messaging/reliablePublisher.ts); the pipeline knows nothing of the bus.
import type { EventEnvelope, StreamId } from '../shared/envelope.js';

export interface Publication<Intent = unknown> {
  /** Resolves once the intent is durable; rejects (nothing may be appended then) otherwise. */
  recordIntent(stream: StreamId, fromVersion: number, toVersion: number): Promise<Intent>;
  /** After a successful append: publish the events and remove the intent, in the background. */
  publishAppended(intent: Intent, events: EventEnvelope[]): void;
  /** The append wrote nothing: the intent has nothing to publish. */
  discard(intent: Intent): void;
}
