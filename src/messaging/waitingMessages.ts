// What waits in a subscription: its oldest messages, peeked (not locked, nothing settled), with what a probe
// needs to tell who is behind: when each was enqueued and which event it carries. A runner that has stopped
// while events keep arriving shows here as messages that grow old.
import type { ServiceBusClient } from '@azure/service-bus';
import Long from 'long';

export interface WaitingMessage {
  enqueuedAt: Date;
  aggregateType?: string;
  eventType?: string;
}

export interface SubscriptionRef {
  client: ServiceBusClient;
  topic: string;
  subscription: string;
}

/** Up to `max` of the subscription's active messages, oldest first. */
export async function peekWaiting(queue: SubscriptionRef, max = 100): Promise<WaitingMessage[]> {
  const receiver = queue.client.createReceiver(queue.topic, queue.subscription);
  try {
    // From the start, as peekDeadLetters does: the SDK otherwise continues after the last peek on this client.
    const messages = await receiver.peekMessages(max, { fromSequenceNumber: Long.fromNumber(0) });
    return messages.map((message) => {
      const properties = message.applicationProperties ?? {};
      return {
        enqueuedAt: message.enqueuedTimeUtc ?? new Date(),
        ...(typeof properties.aggregateType === 'string' && { aggregateType: properties.aggregateType }),
        ...(typeof properties.eventType === 'string' && { eventType: properties.eventType }),
      };
    });
  } finally {
    await receiver.close();
  }
}
