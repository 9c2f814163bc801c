// A Service Bus queue of work items (JSON bodies with deterministic message ids, so the queue's duplicate
// detection drops a repeat), sent in as few batches as fit, or scheduled when they must wait.
import type { ServiceBusClient, ServiceBusMessage, ServiceBusSender } from '@azure/service-bus';

export interface WorkItem<Body = unknown> {
  messageId: string;
  body: Body;
}

export class ServiceBusWorkQueue<Body = unknown> {
  private readonly sender: ServiceBusSender;

  constructor(client: ServiceBusClient, queueName: string) {
    this.sender = client.createSender(queueName);
  }

  async send(items: WorkItem<Body>[], options: { delayInMs?: number } = {}): Promise<void> {
    if (items.length === 0) return;
    const messages: ServiceBusMessage[] = items.map(({ messageId, body }) => ({
      messageId,
      body,
      contentType: 'application/json',
    }));
    if (options.delayInMs) {
      await this.sender.scheduleMessages(messages, new Date(Date.now() + options.delayInMs));
      return;
    }
    let batch = await this.sender.createMessageBatch();
    for (const message of messages) {
      if (batch.tryAddMessage(message)) continue;
      await this.sender.sendMessages(batch);
      batch = await this.sender.createMessageBatch();
      if (!batch.tryAddMessage(message)) throw new Error(`Work item ${message.messageId} is too large`);
    }
    await this.sender.sendMessages(batch);
  }

  async close(): Promise<void> {
    await this.sender.close();
  }
}
