// Sends event envelopes to the events topic, as many per batch as fit; live events published close together
// by different commands go in one send (sendLinger.ts).
import type { ServiceBusClient, ServiceBusMessage, ServiceBusSender } from '@azure/service-bus';
import type { EventEnvelope } from '../stores/eventStore.js';
import { ATTRIBUTES, inSpan, SpanKind } from '../telemetry/tracing.js';
import { type EventMessageOptions, toServiceBusMessage } from './eventMessage.js';
import { PartRefusedError, SendLinger } from './sendLinger.js';

export interface EventPublisher {
  /** Sends the events in order; with `replayTarget`, to that subscription only (a replay). */
  publish(events: EventEnvelope[], options?: EventMessageOptions): Promise<void>;
  /** Resolves when the bus answers; throws otherwise. */
  checkHealth(): Promise<void>;
  close(): Promise<void>;
}

export class ServiceBusEventPublisher implements EventPublisher {
  private readonly sender: ServiceBusSender;
  private readonly linger: SendLinger<ServiceBusMessage>;

  /** `lingerInMs`: how long live events wait for others to go in the same send (0: each goes at once). */
  constructor(client: ServiceBusClient, topicName: string, lingerInMs = 0) {
    this.sender = client.createSender(topicName);
    this.linger = new SendLinger((messages) => this.send(messages), lingerInMs);
  }

  async publish(events: EventEnvelope[], options: EventMessageOptions = {}): Promise<void> {
    if (events.length === 0) return;
    const attributes = { [ATTRIBUTES.events]: events.length };
    await inSpan('publish', { kind: SpanKind.PRODUCER, attributes }, () => {
      // Made here, in the publishing span, so each message carries its own command's trace context.
      const messages = events.map((event) => toServiceBusMessage(event, options));
      // A replay sends its pages as they come: they are large already, and nothing live waits on them.
      return options.replayTarget === undefined ? this.linger.send(messages) : this.send(messages);
    });
  }

  private async send(messages: ServiceBusMessage[]): Promise<void> {
    // One message (a lone command's event): sent as it is, which encodes it once; a batch encodes each message
    // to measure it and then the batch again. Too large a message fails the same way.
    if (messages.length === 1) return this.sender.sendMessages(messages[0] as ServiceBusMessage);
    let batch = await this.sender.createMessageBatch();
    for (const message of messages) {
      if (batch.tryAddMessage(message)) continue;
      if (batch.count === 0) throw tooLarge(message);
      await this.sender.sendMessages(batch);
      batch = await this.sender.createMessageBatch();
      if (!batch.tryAddMessage(message)) throw tooLarge(message);
    }
    await this.sender.sendMessages(batch);
  }

  async checkHealth(): Promise<void> {
    // Opens (or reuses) the sender's link to the topic: fails when the namespace or the topic is unreachable.
    await this.sender.createMessageBatch();
  }

  async close(): Promise<void> {
    await this.linger.idle();
    await this.sender.close();
  }
}

function tooLarge(message: ServiceBusMessage): PartRefusedError {
  return new PartRefusedError(
    `Event ${String(message.messageId)} is larger than a Service Bus message may be`,
  );
}
