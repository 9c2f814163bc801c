// The emulator's namespace: queues, and topics whose every message is copied to each subscription,
// found by the addresses the SDK attaches to (`queue`, `topic`, `topic/Subscriptions/name`, each
// queue or subscription followed by `/$DeadLetterQueue` for its dead-letter queue).
import type { Message } from 'rhea';
import { messageIdKey, withMessageId } from '../codec.js';
import {
  defaultDuplicateDetectionWindowInMs,
  defaultLockDurationInMs,
  defaultMaxDeliveryCount,
  type QueueDefinition,
  type SubscriptionDefinition,
  type TopicDefinition,
} from '../definitions.js';
import { DuplicateDetector } from './duplicateDetector.js';
import { MessageQueue } from './messageQueue.js';

/** What a sender attaches to: a queue or a topic. */
export interface Publisher {
  publish(messages: Message[]): void;
}

interface Topic {
  name: string;
  duplicates: DuplicateDetector;
  subscriptions: Map<string, MessageQueue>;
}

const deadLetterSuffix = '/$deadletterqueue';

// Service Bus entity names are case-insensitive, so every lookup goes through lower case.
export class Broker {
  private readonly queues = new Map<string, { queue: MessageQueue; duplicates: DuplicateDetector }>();
  private readonly topics = new Map<string, Topic>();

  constructor(options: { topics?: TopicDefinition[]; queues?: QueueDefinition[] }) {
    for (const queue of options.queues ?? []) this.addQueue(queue);
    for (const topic of options.topics ?? []) this.addTopic(topic);
  }

  addQueue(definition: QueueDefinition): void {
    const key = this.claimName(definition.name);
    this.queues.set(key, {
      queue: createQueue(definition.name, definition),
      duplicates: new DuplicateDetector(
        definition.duplicateDetectionWindowInMs ?? defaultDuplicateDetectionWindowInMs,
      ),
    });
  }

  addTopic(definition: TopicDefinition): void {
    const key = this.claimName(definition.name);
    this.topics.set(key, {
      name: definition.name,
      duplicates: new DuplicateDetector(
        definition.duplicateDetectionWindowInMs ?? defaultDuplicateDetectionWindowInMs,
      ),
      subscriptions: new Map(),
    });
    for (const subscription of definition.subscriptions) this.addSubscription(definition.name, subscription);
  }

  addSubscription(topicName: string, definition: SubscriptionDefinition): void {
    const topic = this.topics.get(topicName.toLowerCase());
    if (!topic) throw new Error(`Service Bus emulator: there is no topic named '${topicName}'`);
    const key = definition.name.toLowerCase();
    if (topic.subscriptions.has(key)) {
      throw new Error(
        `Service Bus emulator: topic '${topicName}' already has a subscription '${definition.name}'`,
      );
    }
    topic.subscriptions.set(key, createQueue(`${topic.name}/Subscriptions/${definition.name}`, definition));
  }

  publisher(address: string): Publisher | undefined {
    const key = address.toLowerCase();
    const queue = this.queues.get(key);
    if (queue) return { publish: (messages) => publish(queue.duplicates, [queue.queue], messages) };
    const topic = this.topics.get(key);
    if (topic)
      return {
        publish: (messages) => publish(topic.duplicates, [...topic.subscriptions.values()], messages),
      };
    return undefined;
  }

  /** The queue a receiver attaches to: a queue, a subscription, or one of their dead-letter queues. */
  queue(address: string): MessageQueue | undefined {
    const lower = address.toLowerCase();
    const deadLetter = lower.endsWith(deadLetterSuffix);
    const path = deadLetter ? lower.slice(0, -deadLetterSuffix.length) : lower;
    const [entity = '', kind, subscription, ...rest] = path.split('/');
    let queue: MessageQueue | undefined;
    if (kind === undefined) queue = this.queues.get(entity)?.queue;
    else if (kind === 'subscriptions' && subscription !== undefined && rest.length === 0) {
      queue = this.topics.get(entity)?.subscriptions.get(subscription);
    }
    return deadLetter ? queue?.deadLetterQueue : queue;
  }

  /** Whether a path names something a `$management` link may address. */
  exists(path: string): boolean {
    return this.publisher(path) !== undefined || this.queue(path) !== undefined;
  }

  close(): void {
    const queues = [
      ...[...this.queues.values()].map(({ queue }) => queue),
      ...[...this.topics.values()].flatMap((topic) => [...topic.subscriptions.values()]),
    ];
    for (const queue of queues) {
      queue.close();
      queue.deadLetterQueue?.close();
    }
  }

  private claimName(name: string): string {
    const key = name.toLowerCase();
    if (!name || name.includes('/'))
      throw new Error(`Service Bus emulator: '${name}' is not a valid entity name`);
    if (this.queues.has(key) || this.topics.has(key)) {
      throw new Error(`Service Bus emulator: an entity named '${name}' is defined twice`);
    }
    return key;
  }
}

const createQueue = (path: string, definition: SubscriptionDefinition | QueueDefinition): MessageQueue => {
  const maxDeliveryCount = definition.maxDeliveryCount ?? defaultMaxDeliveryCount;
  const lockDurationInMs = definition.lockDurationInMs ?? defaultLockDurationInMs;
  // Dead-lettered messages stay put however often they are abandoned.
  const deadLetterQueue = new MessageQueue({
    path: `${path}/$DeadLetterQueue`,
    maxDeliveryCount: Number.POSITIVE_INFINITY,
    lockDurationInMs,
  });
  return new MessageQueue({ path, maxDeliveryCount, lockDurationInMs }, deadLetterQueue);
};

// A duplicate is accepted on the wire and dropped, as Service Bus does.
const publish = (duplicates: DuplicateDetector, queues: MessageQueue[], messages: Message[]): void => {
  for (const sent of messages) {
    const message = withMessageId(sent);
    if (duplicates.isDuplicate(messageIdKey(message.message_id))) continue;
    for (const queue of queues) queue.enqueue(message);
  }
};
