// One queue as the broker holds it: a queue, a topic subscription, or either one's dead-letter
// queue. Keeps messages in sequence order, hands them out under peek-lock or receive-and-delete,
// and owns locks, lock expiry, delivery counts and dead-lettering.
import type { Message } from 'rhea';
import { type DeliveryAnnotations, newLockToken, withApplicationProperties } from '../codec.js';
import type { BrokerError } from '../errors.js';
import * as errors from '../errors.js';

export type ReceiveMode = 'peekLock' | 'receiveAndDelete';

export interface MessageQueueSettings {
  /** The entity path receivers attach to, e.g. `orders/Subscriptions/audit`. */
  path: string;
  maxDeliveryCount: number;
  lockDurationInMs: number;
}

/** A message handed out, with what its delivery must say about it. */
export interface ReceivedMessage extends DeliveryAnnotations {
  message: Message;
}

export type Settlement =
  | { kind: 'complete' }
  /** `failed: false` (a plain AMQP release) hands the message back without counting a failed attempt. */
  | { kind: 'abandon'; failed: boolean; properties?: Record<string, unknown> }
  | { kind: 'deadLetter'; reason?: string; description?: string; properties?: Record<string, unknown> }
  | { kind: 'defer' };

/** A receiver link that takes messages when some become available. */
export interface Consumer {
  pump(): void;
}

interface Entry {
  message: Message;
  sequenceNumber: number;
  enqueuedTimeUtc: Date;
  failedDeliveries: number;
  lock?: { token: string; lockedUntilUtc: Date; timer: NodeJS.Timeout };
}

export class MessageQueue {
  private nextSequenceNumber = 1;
  /** Every message not yet settled, locked or not; Map order is sequence order, which peek relies on. */
  private readonly entries = new Map<number, Entry>();
  /** Unlocked messages, lowest sequence number first. */
  private readonly ready: Entry[] = [];
  private readonly locked = new Map<string, Entry>();
  private readonly consumers = new Set<Consumer>();
  private notifyScheduled = false;

  constructor(
    readonly settings: MessageQueueSettings,
    readonly deadLetterQueue?: MessageQueue,
  ) {}

  enqueue(message: Message, failedDeliveries = 0): void {
    const sequenceNumber = this.nextSequenceNumber++;
    const entry: Entry = { message, sequenceNumber, enqueuedTimeUtc: new Date(), failedDeliveries };
    this.entries.set(sequenceNumber, entry);
    this.ready.push(entry);
    this.scheduleNotify();
  }

  receive(mode: ReceiveMode): ReceivedMessage | undefined {
    const entry = this.ready.shift();
    if (!entry) return undefined;
    if (mode === 'receiveAndDelete') {
      this.entries.delete(entry.sequenceNumber);
      return describe(entry);
    }
    const token = newLockToken();
    const lockedUntilUtc = new Date(Date.now() + this.settings.lockDurationInMs);
    entry.lock = { token, lockedUntilUtc, timer: this.expireLater(token) };
    this.locked.set(token, entry);
    return { ...describe(entry), lockToken: token, lockedUntilUtc };
  }

  /** Active messages from a sequence number on, locked or not, without locking them. */
  peek(fromSequenceNumber: number, maxCount: number): ReceivedMessage[] {
    const found: ReceivedMessage[] = [];
    for (const entry of this.entries.values()) {
      if (found.length >= maxCount) break;
      if (entry.sequenceNumber >= fromSequenceNumber) found.push(describe(entry));
    }
    return found;
  }

  settle(lockToken: string, settlement: Settlement): BrokerError | undefined {
    const entry = this.locked.get(lockToken);
    if (!entry) return errors.messageLockLost(lockToken);
    switch (settlement.kind) {
      case 'complete':
        this.unlock(entry);
        this.entries.delete(entry.sequenceNumber);
        return undefined;
      case 'abandon':
        this.unlock(entry);
        if (settlement.properties)
          entry.message = withApplicationProperties(entry.message, settlement.properties);
        this.retry(entry, settlement.failed);
        return undefined;
      case 'deadLetter':
        if (!this.deadLetterQueue) return errors.deadLetterOfDeadLetterQueue();
        this.unlock(entry);
        this.deadLetter(entry, { ...settlement.properties }, settlement.reason, settlement.description);
        return undefined;
      case 'defer':
        return errors.deferralNotImplemented();
    }
  }

  renewLock(lockToken: string): Date | BrokerError {
    const entry = this.locked.get(lockToken);
    if (!entry?.lock) return errors.messageLockLost(lockToken);
    clearTimeout(entry.lock.timer);
    entry.lock.lockedUntilUtc = new Date(Date.now() + this.settings.lockDurationInMs);
    entry.lock.timer = this.expireLater(lockToken);
    return entry.lock.lockedUntilUtc;
  }

  /** Registers a receiver to pump when messages become available; returns the unregister function. */
  addConsumer(consumer: Consumer): () => void {
    this.consumers.add(consumer);
    this.scheduleNotify();
    return () => this.consumers.delete(consumer);
  }

  close(): void {
    for (const entry of this.locked.values()) clearTimeout(entry.lock?.timer);
    this.locked.clear();
    this.consumers.clear();
  }

  private unlock(entry: Entry): void {
    if (!entry.lock) return;
    clearTimeout(entry.lock.timer);
    this.locked.delete(entry.lock.token);
    entry.lock = undefined;
  }

  /** Hands the message back for redelivery, or dead-letters it once it has failed too often. */
  private retry(entry: Entry, failed: boolean): void {
    if (failed) entry.failedDeliveries++;
    const max = this.settings.maxDeliveryCount;
    if (this.deadLetterQueue && entry.failedDeliveries >= max) {
      const description = `Message could not be consumed after ${max} delivery attempts.`;
      this.deadLetter(entry, {}, 'MaxDeliveryCountExceeded', description);
      return;
    }
    // Back in sequence order, so an abandoned message comes round again before newer ones.
    const index = this.ready.findIndex((other) => other.sequenceNumber > entry.sequenceNumber);
    this.ready.splice(index === -1 ? this.ready.length : index, 0, entry);
    this.scheduleNotify();
  }

  private deadLetter(
    entry: Entry,
    properties: Record<string, unknown>,
    reason?: string,
    description?: string,
  ) {
    this.entries.delete(entry.sequenceNumber);
    const message = withApplicationProperties(entry.message, {
      ...properties,
      DeadLetterReason: reason,
      DeadLetterErrorDescription: description,
    });
    this.deadLetterQueue?.enqueue(message, entry.failedDeliveries);
  }

  private expireLater(lockToken: string): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const entry = this.locked.get(lockToken);
      if (!entry) return;
      this.unlock(entry);
      this.retry(entry, true);
    }, this.settings.lockDurationInMs);
    // A pending lock must not keep a test run or `npm start` alive.
    return timer.unref();
  }

  // Batched to one pass per turn, so a batch of 1,000 messages wakes each receiver once.
  private scheduleNotify(): void {
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    queueMicrotask(() => {
      this.notifyScheduled = false;
      for (const consumer of this.consumers) {
        if (this.ready.length === 0) return;
        consumer.pump();
      }
    });
  }
}

const describe = (entry: Entry): ReceivedMessage => ({
  message: entry.message,
  sequenceNumber: entry.sequenceNumber,
  enqueuedTimeUtc: entry.enqueuedTimeUtc,
  deliveryCount: entry.failedDeliveries,
});
