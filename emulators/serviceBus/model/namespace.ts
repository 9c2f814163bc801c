// The emulator's namespace: its queues and topics (with subscriptions), created from the entities file, the
// administration API or persistence, and found by the addresses the SDK attaches to (`queue`, `topic`,
// `topic/Subscriptions/name`, each queue or subscription followed by `/$DeadLetterQueue` for its dead-letter
// queue). Entity names are case-insensitive, so every lookup goes through lower case.
import type {
  NamespaceDefinitions,
  QueueDefinition,
  SubscriptionDefinition,
  TopicDefinition,
} from '../definitions.js';
import type { BrokerError } from '../errors.js';
import * as errors from '../errors.js';
import {
  applySettings,
  createQueueEntity,
  createSubscriptionEntity,
  createTopicEntity,
  type PublishingEntity,
  type QueueEntity,
  type SubscriptionEntity,
  type TopicEntity,
} from './entities.js';
import type { Journal } from './journal.js';
import type { MessageQueue } from './messageQueue.js';
import { releaseScheduled } from './publishing.js';

const deadLetterSuffix = '/$deadletterqueue';

/** What a `$management` link's address names: a queue, a topic, or a subscription (with its topic). */
export interface ManagementTarget {
  entity: PublishingEntity;
  subscription?: SubscriptionEntity;
  /** The queue messages are received from, for operations on messages (none for a topic). */
  queue?: MessageQueue;
}

export class Namespace {
  readonly queues = new Map<string, QueueEntity>();
  readonly topics = new Map<string, TopicEntity>();

  constructor(readonly journal: Journal) {}

  createQueue(definition: QueueDefinition): QueueEntity | BrokerError {
    const invalid = this.checkNewName(definition.name);
    if (invalid) return invalid;
    const queue = createQueueEntity(definition, this.journal);
    this.queues.set(definition.name.toLowerCase(), queue);
    return queue;
  }

  createTopic(definition: TopicDefinition): TopicEntity | BrokerError {
    const invalid = this.checkNewName(definition.name);
    if (invalid) return invalid;
    const { subscriptions, ...settings } = definition;
    const topic = createTopicEntity(settings, this.journal, releaseScheduled);
    this.topics.set(definition.name.toLowerCase(), topic);
    for (const subscription of subscriptions ?? []) {
      const created = this.createSubscription(definition.name, subscription);
      if ('condition' in created) return created;
    }
    return topic;
  }

  createSubscription(
    topicName: string,
    definition: SubscriptionDefinition,
  ): SubscriptionEntity | BrokerError {
    const topic = this.topics.get(topicName.toLowerCase());
    if (!topic) return errors.entityNotFound(topicName);
    const key = definition.name.toLowerCase();
    if (!definition.name || definition.name.includes('/'))
      return errors.badRequest(`'${definition.name}' is not a valid name`);
    if (topic.subscriptions.has(key)) {
      return errors.alreadyExists(`The subscription '${definition.name}' of topic '${topic.name}'`);
    }
    try {
      const subscription = createSubscriptionEntity(topic, definition, this.journal);
      topic.subscriptions.set(key, subscription);
      return subscription;
    } catch (error) {
      return errors.badRequest(error instanceof Error ? error.message : String(error));
    }
  }

  /** Changes an entity's settings in place; its messages stay. */
  updateQueue(definition: QueueDefinition): QueueEntity | undefined {
    const queue = this.queues.get(definition.name.toLowerCase());
    if (!queue) return undefined;
    queue.definition = { ...definition, name: queue.name };
    applySettings(queue.queue, definition);
    queue.updatedAt = new Date();
    return queue;
  }

  updateTopic(definition: Omit<TopicDefinition, 'subscriptions'>): TopicEntity | undefined {
    const topic = this.topics.get(definition.name.toLowerCase());
    if (!topic) return undefined;
    topic.definition = { ...definition, name: topic.name };
    topic.updatedAt = new Date();
    return topic;
  }

  updateSubscription(topicName: string, definition: SubscriptionDefinition): SubscriptionEntity | undefined {
    const subscription = this.subscription(topicName, definition.name);
    if (!subscription) return undefined;
    const { rules: _rules, ...settings } = definition;
    subscription.definition = { ...settings, name: subscription.name };
    applySettings(subscription.queue, definition);
    subscription.updatedAt = new Date();
    return subscription;
  }

  delete(path: string): boolean {
    const [entity = '', kind, name, ...rest] = path.toLowerCase().split('/');
    if (kind === undefined) {
      const queue = this.queues.get(entity);
      const topic = this.topics.get(entity);
      if (queue) closeEntity(queue);
      if (topic) closeEntity(topic);
      this.queues.delete(entity);
      this.topics.delete(entity);
      return queue !== undefined || topic !== undefined;
    }
    const topic = this.topics.get(entity);
    const subscription = name !== undefined && rest.length === 0 ? topic?.subscriptions.get(name) : undefined;
    if (!topic || !subscription || kind !== 'subscriptions') return false;
    closeQueue(subscription.queue);
    return topic.subscriptions.delete(name as string);
  }

  subscription(topicName: string, name: string): SubscriptionEntity | undefined {
    return this.topics.get(topicName.toLowerCase())?.subscriptions.get(name.toLowerCase());
  }

  /** What a sender attaches to: a queue or a topic. */
  publisher(address: string): PublishingEntity | undefined {
    const key = address.toLowerCase();
    return this.queues.get(key) ?? this.topics.get(key);
  }

  /** The queue a receiver attaches to: a queue, a subscription, or one of their dead-letter queues. */
  queue(address: string): MessageQueue | undefined {
    const lower = address.toLowerCase();
    const deadLetter = lower.endsWith(deadLetterSuffix);
    const target = this.managementTarget(deadLetter ? address.slice(0, -deadLetterSuffix.length) : address);
    return deadLetter ? target?.queue?.deadLetterQueue : target?.queue;
  }

  /** What a `$management` link may address: a queue, topic or subscription, or a dead-letter queue. */
  managementTarget(address: string): ManagementTarget | undefined {
    const lower = address.toLowerCase();
    if (lower.endsWith(deadLetterSuffix)) {
      const owner = this.managementTarget(address.slice(0, -deadLetterSuffix.length));
      const queue = owner?.queue?.deadLetterQueue;
      return owner && queue ? { ...owner, queue } : undefined;
    }
    const [entity = '', kind, name, ...rest] = lower.split('/');
    if (kind === undefined) {
      const queue = this.queues.get(entity);
      if (queue) return { entity: queue, queue: queue.queue };
      const topic = this.topics.get(entity);
      return topic && { entity: topic };
    }
    if (kind !== 'subscriptions' || name === undefined || rest.length > 0) return undefined;
    const subscription = this.topics.get(entity)?.subscriptions.get(name);
    return subscription && { entity: subscription.topic, subscription, queue: subscription.queue };
  }

  definitions(): NamespaceDefinitions {
    return {
      queues: [...this.queues.values()].map((queue) => queue.definition),
      topics: [...this.topics.values()].map((topic) => ({
        ...topic.definition,
        subscriptions: [...topic.subscriptions.values()].map((subscription) => ({
          ...subscription.definition,
          rules: subscription.rules.list(),
        })),
      })),
    };
  }

  /** Tells persistence about a change of entities or rules. */
  definitionsChanged(): void {
    this.journal.definitions(this.definitions());
  }

  close(): void {
    for (const entity of [...this.queues.values(), ...this.topics.values()]) closeEntity(entity);
  }

  private checkNewName(name: string): BrokerError | undefined {
    if (!name || name.includes('/')) return errors.badRequest(`'${name}' is not a valid entity name`);
    const key = name.toLowerCase();
    if (this.queues.has(key) || this.topics.has(key))
      return errors.alreadyExists(`The messaging entity '${name}'`);
    return undefined;
  }
}

const closeQueue = (queue: MessageQueue): void => {
  queue.close();
  queue.deadLetterQueue?.close();
};

const closeEntity = (entity: PublishingEntity): void => {
  entity.scheduler.close();
  if (entity.kind === 'queue') closeQueue(entity.queue);
  else for (const subscription of entity.subscriptions.values()) closeQueue(subscription.queue);
};
