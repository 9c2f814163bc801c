// One queue as the broker holds it: a queue, a topic subscription, or either one's dead-letter queue. Keeps
// its unsettled messages (active, locked or deferred), hands them out under peek-lock or receive-and-delete,
// per session when the entity requires sessions, and owns locks, lock expiry, delivery counts, deferral and
// dead-lettering. Every change is recorded in the journal; the transport answers once it is durable.
import type { Message } from 'rhea';
import { withApplicationProperties } from '../codec.js';
import type { BrokerError } from '../errors.js';
import * as errors from '../errors.js';
import { type Entry, type SequenceCounter, type StoredMessage, sessionIdOf, stored } from './entry.js';
import type { Journal } from './journal.js';
import { MessageLocks } from './messageLocks.js';
import { MessageLog } from './messageLog.js';
import {
  type Consumer,
  describe,
  type MessageQueueSettings,
  type ReceivedMessage,
  type ReceiveMode,
  type Settlement,
} from './queueTypes.js';
import { ReadyMessages } from './readyMessages.js';
import { SessionBook, type SessionOwner } from './sessions.js';

export type {
  Consumer,
  MessageQueueSettings,
  ReceivedMessage,
  ReceiveMode,
  Settlement,
} from './queueTypes.js';

export class MessageQueue {
  private readonly entries = new MessageLog();
  private readonly ready = new ReadyMessages();
  private readonly locks: MessageLocks;
  private readonly consumers = new Set<Consumer>();
  /** Session receivers waiting for any session; each returns true once served. */
  private readonly sessionWaiters = new Set<() => boolean>();
  private notifyScheduled = false;
  readonly sessions: SessionBook;

  constructor(
    readonly settings: MessageQueueSettings,
    private readonly journal: Journal,
    readonly sequence: SequenceCounter,
    readonly deadLetterQueue?: MessageQueue,
  ) {
    this.locks = new MessageLocks(
      () => this.settings.lockDurationInMs,
      (entry) => this.retry(entry, true),
    );
    this.sessions = new SessionBook(
      () => this.settings.lockDurationInMs,
      (sessionId) => this.releaseSession(sessionId),
      (sessionId, state) => this.journal.sessionState(this.settings.key, sessionId, state),
    );
  }

  enqueue(message: Message, options: { sequenceNumber?: number; failedDeliveries?: number } = {}): number {
    const entry: Entry = {
      message,
      sequenceNumber: options.sequenceNumber ?? this.sequence.next(),
      enqueuedTimeUtc: new Date(),
      failedDeliveries: options.failedDeliveries ?? 0,
      state: 'active',
      sessionKey: this.sessionKeyOf(message),
    };
    this.add(entry);
    this.journal.putMessage(this.settings.key, stored(entry));
    return entry.sequenceNumber;
  }

  /** A message persistence kept, put back as it was (without recording it again). */
  restore(message: StoredMessage): void {
    this.sequence.observe(message.sequenceNumber);
    this.add({ ...message, sessionKey: this.sessionKeyOf(message.message) });
  }

  has = (sequenceNumber: number): boolean => this.entries.get(sequenceNumber) !== undefined;

  receive(mode: ReceiveMode, sessionKey = ''): ReceivedMessage | undefined {
    const entry = this.ready.take(sessionKey);
    return entry && this.handOut(entry, mode);
  }

  /** Deferred messages by sequence number; all or none, as Service Bus answers. */
  receiveDeferred(
    sequenceNumbers: number[],
    mode: ReceiveMode,
    sessionId?: string,
  ): ReceivedMessage[] | BrokerError {
    const found: Entry[] = [];
    for (const sequenceNumber of sequenceNumbers) {
      const entry = this.entries.get(sequenceNumber);
      const inSession = sessionId === undefined || entry?.sessionKey === sessionId;
      if (entry?.state !== 'deferred' || entry.lock || !inSession)
        return errors.messageNotFound(sequenceNumber);
      found.push(entry);
    }
    return found.map((entry) => this.handOut(entry, mode));
  }

  /** Unsettled messages from a sequence number on, locked or not, without locking them. */
  peek(fromSequenceNumber: number, maxCount: number, sessionId?: string): ReceivedMessage[] {
    return this.entries.from(fromSequenceNumber, maxCount, sessionId).map(describe);
  }

  /** `owner`: the session receiver settling over its link, which must still hold the session. */
  settle(lockToken: string, settlement: Settlement, owner?: SessionOwner): BrokerError | undefined {
    const entry = this.locks.get(lockToken);
    if (!entry) return errors.messageLockLost(lockToken);
    if (this.settings.requiresSession) {
      const holder = this.sessions.ownerOf(entry.sessionKey);
      if (!holder || (owner && holder !== owner)) return errors.sessionLockLost(entry.sessionKey);
    }
    if (settlement.kind === 'deadLetter' && !this.deadLetterQueue)
      return errors.deadLetterOfDeadLetterQueue();
    this.locks.unlock(entry);
    const properties = settlement.kind === 'complete' ? undefined : settlement.properties;
    if (properties) entry.message = withApplicationProperties(entry.message, properties);
    switch (settlement.kind) {
      case 'complete':
        this.remove(entry);
        return undefined;
      case 'abandon':
        this.retry(entry, settlement.failed);
        return undefined;
      case 'deadLetter':
        this.deadLetter(entry, settlement.reason, settlement.description);
        return undefined;
      case 'defer':
        entry.state = 'deferred';
        this.ready.remove(entry);
        this.journal.putMessage(this.settings.key, stored(entry));
        return undefined;
    }
  }

  renewLock(lockToken: string): Date | BrokerError {
    return this.locks.renew(lockToken) ?? errors.messageLockLost(lockToken);
  }

  /** Locks a session (`requested`, or the one with the oldest ready message) for a session receiver. */
  acceptSession(requested: string | undefined, owner: SessionOwner) {
    const sessionId = requested ?? this.ready.oldestSession((key) => !this.sessions.isLocked(key));
    if (sessionId === undefined) return undefined;
    const lockedUntilUtc = this.sessions.lock(sessionId, owner);
    return lockedUntilUtc && { sessionId, lockedUntilUtc };
  }

  /** `waiter` is called when a session may have become available; returns the function that stops waiting. */
  waitForSession(waiter: () => boolean): () => void {
    this.sessionWaiters.add(waiter);
    return () => this.sessionWaiters.delete(waiter);
  }

  /** Registers a receiver to pump when messages become available; returns the unregister function. */
  addConsumer(consumer: Consumer): () => void {
    this.consumers.add(consumer);
    this.scheduleNotify();
    return () => this.consumers.delete(consumer);
  }

  counts = (): { active: number; deferred: number } => this.entries.counts();
  storedMessages = (): StoredMessage[] => this.entries.all().map(stored);

  close(): void {
    this.locks.close();
    this.consumers.clear();
    this.sessionWaiters.clear();
    this.sessions.close();
  }

  private add(entry: Entry): void {
    this.entries.add(entry);
    if (entry.state !== 'active') return;
    this.ready.push(entry);
    this.scheduleNotify();
  }

  private handOut(entry: Entry, mode: ReceiveMode): ReceivedMessage {
    if (mode === 'receiveAndDelete') {
      this.ready.remove(entry);
      this.remove(entry);
      return describe(entry);
    }
    const session = this.settings.requiresSession ? this.sessions.lockedUntil(entry.sessionKey) : undefined;
    const { token, lockedUntilUtc } = this.locks.lock(entry, session);
    return { ...describe(entry), lockToken: token, lockedUntilUtc };
  }

  private remove(entry: Entry): void {
    this.entries.delete(entry.sequenceNumber);
    this.journal.deleteMessage(this.settings.key, entry.sequenceNumber);
  }

  /** Hands the message back (a deferred one stays deferred), or dead-letters it once it failed too often. */
  private retry(entry: Entry, failed: boolean): void {
    if (failed) entry.failedDeliveries++;
    const max = this.settings.maxDeliveryCount;
    if (this.deadLetterQueue && entry.failedDeliveries >= max) {
      const description = `Message could not be consumed after ${max} delivery attempts.`;
      this.deadLetter(entry, 'MaxDeliveryCountExceeded', description);
      return;
    }
    this.journal.putMessage(this.settings.key, stored(entry));
    if (entry.state !== 'active') return;
    this.ready.insertInOrder(entry);
    this.scheduleNotify();
  }

  private deadLetter(entry: Entry, reason?: string, description?: string): void {
    this.remove(entry);
    const message = withApplicationProperties(entry.message, {
      DeadLetterReason: reason,
      DeadLetterErrorDescription: description,
    });
    this.deadLetterQueue?.enqueue(message, { failedDeliveries: entry.failedDeliveries });
  }

  /** A session's lock expired or its receiver left: its locked messages come round again. */
  private releaseSession(sessionId: string): void {
    for (const entry of this.locks.inSession(sessionId)) {
      this.locks.unlock(entry);
      this.retry(entry, true);
    }
    this.scheduleNotify();
  }

  private sessionKeyOf(message: Message): string {
    return this.settings.requiresSession ? (sessionIdOf(message) ?? '') : '';
  }

  // Batched to one pass per turn, so a batch of 1,000 messages wakes each receiver once.
  private scheduleNotify(): void {
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    queueMicrotask(() => {
      this.notifyScheduled = false;
      for (const consumer of this.consumers) if (this.ready.has(consumer.sessionKey)) consumer.pump();
      for (const waiter of this.sessionWaiters) if (waiter()) this.sessionWaiters.delete(waiter);
    });
  }
}
