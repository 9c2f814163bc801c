// An event envelope as a Service Bus message, exactly as the contract maps it: the body is the envelope,
// `messageId` is the event id (so Service Bus duplicate detection drops republished copies), `subject` the
// event type, `sessionId` the stream, and the routing facts as application properties for subscription
// filters downstream. A replay of the history to one subscription (replay.ts) sends the same messages with one
// more property, `replayTarget`, naming it; every subscription's rule takes untargeted messages and its own.
// The W3C trace context travels in the application properties too (`traceparent` and `Diagnostic-Id`): the
// publishing span's when it belongs to the event's own trace, else the one the event was stored with, so a
// message the sweeper republishes continues the command's trace. A replay is an operation of its own: its
// messages carry the replay's trace, if any, never the command's (which may be months old).

import { createHash } from 'node:crypto';
import type { ServiceBusMessage, ServiceBusReceivedMessage } from '@azure/service-bus';
import type { EventEnvelope } from '../stores/eventStore.js';
import { currentTraceparent, traceIdOf, traceProperties } from '../telemetry/tracing.js';

/** Service Bus caps session ids at 128 characters. */
const MAX_SESSION_ID = 128;

/** The application property naming the one subscription a replayed message is for. */
export const REPLAY_TARGET_PROPERTY = 'replayTarget';

/** The rule every subscription of the events topic has (locally and in infra/): live events, and its replays. */
export const SUBSCRIPTION_RULE_NAME = '$Default';

export function subscriptionFilter(subscription: string): string {
  return `${REPLAY_TARGET_PROPERTY} IS NULL OR ${REPLAY_TARGET_PROPERTY} = '${subscription.replaceAll("'", "''")}'`;
}

export interface EventMessageOptions {
  /** A replay to this subscription only. */
  replayTarget?: string;
  /** The active trace context (default: the active span's). */
  traceparent?: string;
}

export function toServiceBusMessage(
  event: EventEnvelope,
  options: EventMessageOptions = {},
): ServiceBusMessage {
  const active = options.traceparent ?? currentTraceparent();
  const stored = options.replayTarget === undefined ? event.metadata.traceparent : undefined;
  const traceparent =
    stored !== undefined && (active === undefined || traceIdOf(active) !== traceIdOf(stored))
      ? stored
      : active;
  return {
    body: event,
    contentType: 'application/json',
    messageId: event.eventId,
    subject: event.type,
    correlationId: event.metadata.correlationId,
    sessionId: sessionIdFor(event.aggregateType, event.aggregateId),
    applicationProperties: {
      aggregateType: event.aggregateType,
      aggregateId: event.aggregateId,
      version: event.version,
      eventType: event.type,
      schemaVersion: event.schemaVersion,
      ...traceProperties(traceparent),
      ...(options.replayTarget === undefined ? {} : { [REPLAY_TARGET_PROPERTY]: options.replayTarget }),
    },
  };
}

/**
 * `aggregateType/aggregateId`; a longer one (ids may have 128 characters) keeps its type and a hash of the
 * id, so it stays unique per stream and within the limit.
 */
export function sessionIdFor(aggregateType: string, aggregateId: string): string {
  const sessionId = `${aggregateType}/${aggregateId}`;
  if (sessionId.length <= MAX_SESSION_ID) return sessionId;
  return `${aggregateType}/#${createHash('sha256').update(aggregateId).digest('hex')}`.slice(
    0,
    MAX_SESSION_ID,
  );
}

/** The envelope a received message carries (the SDK has already parsed the JSON body). */
export function envelopeOf(message: Pick<ServiceBusReceivedMessage, 'body'>): EventEnvelope {
  const body = typeof message.body === 'string' ? JSON.parse(message.body) : message.body;
  if (!isEnvelope(body)) throw new Error('The message body is not an event envelope');
  return body;
}

export function isEnvelope(value: unknown): value is EventEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const envelope = value as Partial<EventEnvelope>;
  return (
    typeof envelope.eventId === 'string' &&
    typeof envelope.aggregateType === 'string' &&
    typeof envelope.aggregateId === 'string' &&
    typeof envelope.version === 'number' &&
    typeof envelope.type === 'string'
  );
}
