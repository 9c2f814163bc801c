// The vocabulary of a queue (see messageQueue.ts) that the handlers share: receive modes, settlements, what a
// received message carries, and the receivers a queue pumps.
import type { Message } from 'rhea';
import type { DeliveryAnnotations } from '../codec.js';
import type { Entry } from './entry.js';

export type ReceiveMode = 'peekLock' | 'receiveAndDelete';

export interface MessageQueueSettings {
  /** The entity path receivers attach to, e.g. `orders/Subscriptions/audit`. */
  path: string;
  /** Where the journal files its messages: the path in lower case. */
  key: string;
  maxDeliveryCount: number;
  lockDurationInMs: number;
  requiresSession: boolean;
}

/** A message handed out (or peeked), with what its delivery must say about it. */
export interface ReceivedMessage extends DeliveryAnnotations {
  message: Message;
}

export type Settlement =
  | { kind: 'complete' }
  /** `failed: false` (a plain AMQP release) hands the message back without counting a failed attempt. */
  | { kind: 'abandon'; failed: boolean; properties?: Record<string, unknown> }
  | { kind: 'deadLetter'; reason?: string; description?: string; properties?: Record<string, unknown> }
  | { kind: 'defer'; properties?: Record<string, unknown> };

/** A receiver link that takes messages (of one session, or '' for all) when some become available. */
export interface Consumer {
  sessionKey: string;
  pump(): void;
}

/** What a delivery (or a peek) says about an entry. */
export const describe = (entry: Entry): ReceivedMessage => ({
  message: entry.message,
  sequenceNumber: entry.sequenceNumber,
  enqueuedTimeUtc: entry.enqueuedTimeUtc,
  deliveryCount: entry.failedDeliveries,
  state: entry.state,
});
