// Scheduled messages of one queue or topic: held, with the sequence number they were given when scheduled,
// until their `x-opt-scheduled-enqueue-time`, then released to the entity (a topic fans them out to its
// subscriptions then, through their rules), or cancelled by sequence number before that.
import type { Message } from 'rhea';
import type { StoredMessage } from './entry.js';
import type { Journal } from './journal.js';
import type { ReceivedMessage } from './queueTypes.js';

export interface ScheduledMessage {
  message: Message;
  sequenceNumber: number;
  enqueueAtUtc: Date;
  /** When it was scheduled; kept for persistence. */
  scheduledAtUtc: Date;
}

/** setTimeout fires at once past 2^31-1 ms: longer waits are taken in steps. */
const longestTimerInMs = 2 ** 31 - 1;

export const scheduledEnqueueTimeOf = (message: Message): Date | undefined => {
  const value = message.message_annotations?.['x-opt-scheduled-enqueue-time'];
  if (value instanceof Date) return value;
  return typeof value === 'number' ? new Date(value) : undefined;
};

export class Scheduler {
  private readonly bySequence = new Map<number, ScheduledMessage>();
  /** Earliest first. */
  private due: ScheduledMessage[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    /** Where the journal files these messages. */
    private readonly key: string,
    private readonly journal: Journal,
    private readonly release: (scheduled: ScheduledMessage) => void,
  ) {}

  get count(): number {
    return this.bySequence.size;
  }

  schedule(message: Message, sequenceNumber: number, enqueueAtUtc: Date): void {
    const scheduled = { message, sequenceNumber, enqueueAtUtc, scheduledAtUtc: new Date() };
    this.journal.putMessage(this.key, storedForm(scheduled));
    this.add(scheduled);
  }

  restore(stored: StoredMessage): void {
    const enqueueAtUtc = scheduledEnqueueTimeOf(stored.message) ?? stored.enqueuedTimeUtc;
    const { message, sequenceNumber } = stored;
    this.add({ message, sequenceNumber, enqueueAtUtc, scheduledAtUtc: stored.enqueuedTimeUtc });
  }

  has(sequenceNumber: number): boolean {
    return this.bySequence.has(sequenceNumber);
  }

  /** Cancelling a message that is not (or no longer) scheduled does nothing, as on Service Bus. */
  cancel(sequenceNumber: number): void {
    const scheduled = this.bySequence.get(sequenceNumber);
    if (!scheduled) return;
    this.bySequence.delete(sequenceNumber);
    this.due = this.due.filter((other) => other !== scheduled);
    this.journal.deleteMessage(this.key, sequenceNumber);
  }

  /** For peek: scheduled messages show with state `scheduled`. */
  peek(fromSequenceNumber: number, maxCount: number): ReceivedMessage[] {
    return [...this.bySequence.values()]
      .filter((scheduled) => scheduled.sequenceNumber >= fromSequenceNumber)
      .sort((a, b) => a.sequenceNumber - b.sequenceNumber)
      .slice(0, maxCount)
      .map(({ message, sequenceNumber, enqueueAtUtc }) => ({
        message,
        sequenceNumber,
        enqueuedTimeUtc: enqueueAtUtc,
        deliveryCount: 0,
        state: 'scheduled',
      }));
  }

  storedMessages(): StoredMessage[] {
    return [...this.bySequence.values()].map(storedForm);
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private add(scheduled: ScheduledMessage): void {
    this.bySequence.set(scheduled.sequenceNumber, scheduled);
    const at = scheduled.enqueueAtUtc.getTime();
    const index = this.due.findIndex((other) => other.enqueueAtUtc.getTime() > at);
    this.due.splice(index === -1 ? this.due.length : index, 0, scheduled);
    this.arm();
  }

  private arm(): void {
    clearTimeout(this.timer);
    const first = this.due[0];
    if (!first) return;
    const waitInMs = Math.min(Math.max(first.enqueueAtUtc.getTime() - Date.now(), 0), longestTimerInMs);
    // A pending scheduled message must not keep a test run or `npm start` alive.
    this.timer = setTimeout(() => this.releaseDue(), waitInMs).unref();
  }

  private releaseDue(): void {
    const now = Date.now();
    while (this.due[0] && this.due[0].enqueueAtUtc.getTime() <= now) {
      const scheduled = this.due.shift() as ScheduledMessage;
      this.bySequence.delete(scheduled.sequenceNumber);
      // Enqueued (and recorded) first, then forgotten here: a crash in between cannot lose it.
      this.release(scheduled);
      this.journal.deleteMessage(this.key, scheduled.sequenceNumber);
    }
    this.arm();
  }
}

const storedForm = (scheduled: ScheduledMessage): StoredMessage => ({
  message: scheduled.message,
  sequenceNumber: scheduled.sequenceNumber,
  enqueuedTimeUtc: scheduled.scheduledAtUtc,
  failedDeliveries: 0,
  state: 'scheduled',
});
