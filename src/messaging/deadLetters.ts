// The dead-letter queue of one of the app's own subscriptions: what is in it, and replaying it. A message is
// dead-lettered when its handler failed on every delivery (an outage longer than the handler's retries, or a
// message it can never handle). Replaying hands each dead-lettered message to the same handler again and
// removes it from the queue once handled; a message whose failure is transient stays (the cause is not gone:
// the replay stops there), and one that fails for good stays too, counted, for an operator to look at.
import type { ServiceBusClient, ServiceBusReceivedMessage } from '@azure/service-bus';
import Long from 'long';

export interface DeadLetterQueue {
  client: ServiceBusClient;
  topic: string;
  subscription: string;
}

export interface DeadLetterSummary {
  messageId: string;
  subject?: string;
  reason?: string;
  description?: string;
  enqueuedTimeUtc?: string;
  deliveryCount?: number;
}

export interface ReplayOptions extends DeadLetterQueue {
  handle: (body: unknown) => Promise<unknown>;
  isTransient: (error: unknown) => boolean;
  /** Messages received per request (default 50). */
  batchSize?: number;
  /** A run stops taking new messages after this long (default 2 minutes). */
  budgetInMs?: number;
  onFailure?: (message: DeadLetterSummary, error: unknown) => void;
}

export interface ReplayReport {
  replayed: number;
  /** Failed for good (left in the queue). */
  failed: number;
  /** True when a transient failure stopped the run: the cause is not gone yet. */
  stoppedByTransientFailure: boolean;
}

/** Up to `max` dead-lettered messages, oldest first, without locking them. */
export async function peekDeadLetters(queue: DeadLetterQueue, max = 100): Promise<DeadLetterSummary[]> {
  const receiver = queue.client.createReceiver(queue.topic, queue.subscription, {
    subQueueType: 'deadLetter',
  });
  try {
    // From the start: without it the SDK continues after whatever an earlier receiver of the same entity on
    // this client peeked last (the position is kept per entity, not per receiver).
    return (await receiver.peekMessages(max, { fromSequenceNumber: Long.fromNumber(0) })).map(summarize);
  } finally {
    await receiver.close();
  }
}

export async function replayDeadLetters(options: ReplayOptions): Promise<ReplayReport> {
  const receiver = options.client.createReceiver(options.topic, options.subscription, {
    subQueueType: 'deadLetter',
  });
  const report: ReplayReport = { replayed: 0, failed: 0, stoppedByTransientFailure: false };
  const started = performance.now();
  // Messages that failed for good come back after being abandoned: seeing one again ends the run.
  const seen = new Set<string>();
  try {
    while (performance.now() - started < (options.budgetInMs ?? 120_000)) {
      const messages = await receiver.receiveMessages(options.batchSize ?? 50, { maxWaitTimeInMs: 1_000 });
      const fresh = messages.filter((message) => !seen.has(identity(message)));
      for (const message of messages.filter((message) => seen.has(identity(message)))) {
        await receiver.abandonMessage(message);
      }
      if (fresh.length === 0) break;
      for (const [index, message] of fresh.entries()) {
        seen.add(identity(message));
        try {
          await options.handle(message.body);
          await receiver.completeMessage(message);
          report.replayed++;
        } catch (error) {
          await receiver.abandonMessage(message);
          options.onFailure?.(summarize(message), error);
          if (options.isTransient(error)) {
            for (const rest of fresh.slice(index + 1)) await receiver.abandonMessage(rest);
            report.stoppedByTransientFailure = true;
            return report;
          }
          report.failed++;
        }
      }
    }
    return report;
  } finally {
    await receiver.close();
  }
}

function identity(message: ServiceBusReceivedMessage): string {
  return String(message.sequenceNumber ?? message.messageId);
}

function summarize(message: ServiceBusReceivedMessage): DeadLetterSummary {
  const summary: DeadLetterSummary = { messageId: String(message.messageId) };
  if (message.subject !== undefined) summary.subject = message.subject;
  if (message.deadLetterReason !== undefined) summary.reason = message.deadLetterReason;
  if (message.deadLetterErrorDescription !== undefined)
    summary.description = message.deadLetterErrorDescription;
  if (message.enqueuedTimeUtc !== undefined) summary.enqueuedTimeUtc = message.enqueuedTimeUtc.toISOString();
  if (message.deliveryCount !== undefined) summary.deliveryCount = message.deliveryCount;
  return summary;
}
