// A message as one queue holds it (a queue, a subscription or a dead-letter queue), and the sequence
// counter its entity hands out: a queue's or topic's messages, scheduled or not, share one counter, so the
// number `scheduleMessages` returns is the one the message is later received with.
import type { Message } from 'rhea';

/** `scheduled` messages wait in their entity's scheduler; `deferred` ones wait for receive-by-sequence-number. */
export type MessageState = 'active' | 'deferred' | 'scheduled';

export interface Lock {
  token: string;
  lockedUntilUtc: Date;
  /** Absent for messages of a session, whose locks are the session's. */
  timer?: NodeJS.Timeout;
}

export interface Entry {
  message: Message;
  sequenceNumber: number;
  enqueuedTimeUtc: Date;
  /** Previous failed attempts: the AMQP header `delivery_count`. */
  failedDeliveries: number;
  state: MessageState;
  /** The session a message of a session-enabled entity belongs to; '' everywhere else. */
  sessionKey: string;
  lock?: Lock;
}

/** What persistence keeps of a message; the lock is not kept, as on a broker restart clients reconnect. */
export type StoredMessage = Omit<Entry, 'lock' | 'sessionKey'>;

export const stored = (entry: Entry): StoredMessage => ({
  message: entry.message,
  sequenceNumber: entry.sequenceNumber,
  enqueuedTimeUtc: entry.enqueuedTimeUtc,
  failedDeliveries: entry.failedDeliveries,
  state: entry.state,
});

export class SequenceCounter {
  private nextNumber = 1;

  next(): number {
    return this.nextNumber++;
  }

  /** After a restart: never hand out a number already used. */
  observe(sequenceNumber: number): void {
    if (sequenceNumber >= this.nextNumber) this.nextNumber = sequenceNumber + 1;
  }

  peekNext(): number {
    return this.nextNumber;
  }
}

/** A session id is the message's `group_id`; Service Bus compares it as a string. */
export const sessionIdOf = (message: Message): string | undefined =>
  message.group_id === undefined || message.group_id === null ? undefined : String(message.group_id);
