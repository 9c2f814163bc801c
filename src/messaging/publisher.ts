// Sends event envelopes to the events topic, as many per batch as fit.
import type { ServiceBusClient, ServiceBusSender } from '@azure/service-bus';
import type { EventEnvelope } from '../stores/eventStore.js';
import { ATTRIBUTES, inSpan, SpanKind } from '../telemetry/tracing.js';
import { type EventMessageOptions, toServiceBusMessage } from './eventMessage.js';

export interface EventPublisher {
  /** Sends the events in order; with `replayTarget`, to that subscription only (a replay). */
  publish(events: EventEnvelope[], options?: EventMessageOptions): Promise<void>;
  /** Resolves when the bus answers; throws otherwise. */
  checkHealth(): Promise<void>;
  close(): Promise<void>;
}

export class ServiceBusEventPublisher implements EventPublisher {
  private readonly sender: ServiceBusSender;

  constructor(client: ServiceBusClient, topicName: string) {
    this.sender = client.createSender(topicName);
  }

  async publish(events: EventEnvelope[], options: EventMessageOptions = {}): Promise<void> {
    if (events.length === 0) return;
    const attributes = { [ATTRIBUTES.events]: events.length };
    await inSpan('publish', { kind: SpanKind.PRODUCER, attributes }, () => this.send(events, options));
  }

  private async send(events: EventEnvelope[], options: EventMessageOptions): Promise<void> {
    // One event (most commands): sent as it is, which encodes it once; a batch encodes each message to measure
    // it and then the batch again. Too large a message fails the same way.
    if (events.length === 1)
      return this.sender.sendMessages(toServiceBusMessage(events[0] as EventEnvelope, options));
    let batch = await this.sender.createMessageBatch();
    for (const event of events) {
      const message = toServiceBusMessage(event, options);
      if (batch.tryAddMessage(message)) continue;
      if (batch.count === 0)
        throw new Error(`Event ${event.eventId} is larger than a Service Bus message may be`);
      await this.sender.sendMessages(batch);
      batch = await this.sender.createMessageBatch();
      if (!batch.tryAddMessage(message))
        throw new Error(`Event ${event.eventId} is larger than a Service Bus message may be`);
    }
    await this.sender.sendMessages(batch);
  }

  async checkHealth(): Promise<void> {
    // Opens (or reuses) the sender's link to the topic: fails when the namespace or the topic is unreachable.
    await this.sender.createMessageBatch();
  }

  async close(): Promise<void> {
    await this.sender.close();
  }
}
