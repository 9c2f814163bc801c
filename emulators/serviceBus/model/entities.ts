// The namespace's entities: a queue (its messages, scheduler, duplicate detection and sequence counter), a
// topic (the same, minus messages of its own) and a topic's subscription (its rules and messages). Each
// keeps its definition, which the administration API reads and updates and persistence stores.
import {
  defaultDuplicateDetectionWindowInMs,
  defaultLockDurationInMs,
  defaultMaxDeliveryCount,
  type QueueDefinition,
  type SubscriptionDefinition,
  type TopicDefinition,
} from '../definitions.js';
import { RuleSet } from '../rules/ruleSet.js';
import { DuplicateDetector } from './duplicateDetector.js';
import { SequenceCounter } from './entry.js';
import type { Journal } from './journal.js';
import { MessageQueue } from './messageQueue.js';
import { type ScheduledMessage, Scheduler } from './scheduler.js';

interface Timestamps {
  createdAt: Date;
  updatedAt: Date;
}

interface Publishing extends Timestamps {
  name: string;
  sequence: SequenceCounter;
  duplicates: DuplicateDetector;
  scheduler: Scheduler;
}

export interface QueueEntity extends Publishing {
  kind: 'queue';
  definition: QueueDefinition;
  queue: MessageQueue;
}

export interface TopicEntity extends Publishing {
  kind: 'topic';
  definition: Omit<TopicDefinition, 'subscriptions'>;
  subscriptions: Map<string, SubscriptionEntity>;
}

export interface SubscriptionEntity extends Timestamps {
  name: string;
  topic: TopicEntity;
  definition: Omit<SubscriptionDefinition, 'rules'>;
  rules: RuleSet;
  queue: MessageQueue;
}

export type PublishingEntity = QueueEntity | TopicEntity;

export function createQueueEntity(definition: QueueDefinition, journal: Journal): QueueEntity {
  const sequence = new SequenceCounter();
  const key = definition.name.toLowerCase();
  const queue = createMessageQueue(definition.name, definition, journal, sequence);
  const scheduler = new Scheduler(`${key}/$scheduled`, journal, ({ message, sequenceNumber }) =>
    queue.enqueue(message, { sequenceNumber }),
  );
  const entity: QueueEntity = {
    kind: 'queue',
    name: definition.name,
    definition,
    queue,
    scheduler,
    sequence,
    duplicates: duplicatesOf(() => entity, journal),
    ...timestamps(),
  };
  return entity;
}

/** `release` fans a scheduled message out to the subscriptions once it is due (see publishing.ts). */
export function createTopicEntity(
  definition: Omit<TopicDefinition, 'subscriptions'>,
  journal: Journal,
  release: (topic: TopicEntity, scheduled: ScheduledMessage) => void,
): TopicEntity {
  const key = definition.name.toLowerCase();
  const topic: TopicEntity = {
    kind: 'topic',
    name: definition.name,
    definition,
    subscriptions: new Map(),
    sequence: new SequenceCounter(),
    scheduler: new Scheduler(`${key}/$scheduled`, journal, (scheduled) => release(topic, scheduled)),
    duplicates: duplicatesOf(() => topic, journal),
    ...timestamps(),
  };
  return topic;
}

export function createSubscriptionEntity(
  topic: TopicEntity,
  definition: SubscriptionDefinition,
  journal: Journal,
): SubscriptionEntity {
  const { rules, ...settings } = definition;
  const path = `${topic.name}/Subscriptions/${definition.name}`;
  return {
    name: definition.name,
    topic,
    definition: settings,
    rules: new RuleSet(rules),
    queue: createMessageQueue(path, settings, journal, topic.sequence),
    ...timestamps(),
  };
}

/** Applies a changed definition's behaviour (lock duration, delivery count, sessions) to a live queue. */
export function applySettings(
  queue: MessageQueue,
  definition: QueueDefinition | SubscriptionDefinition,
): void {
  queue.settings.maxDeliveryCount = definition.maxDeliveryCount ?? defaultMaxDeliveryCount;
  queue.settings.lockDurationInMs = definition.lockDurationInMs ?? defaultLockDurationInMs;
  queue.settings.requiresSession = definition.requiresSession ?? false;
  if (queue.deadLetterQueue)
    queue.deadLetterQueue.settings.lockDurationInMs = queue.settings.lockDurationInMs;
}

export const duplicateWindowOf = (definition: { duplicateDetectionWindowInMs?: number }): number =>
  definition.duplicateDetectionWindowInMs ?? defaultDuplicateDetectionWindowInMs;

const timestamps = (): Timestamps => {
  const now = new Date();
  return { createdAt: now, updatedAt: now };
};

/** Reads the window from the entity's current definition, so an update applies at once. */
const duplicatesOf = (entity: () => PublishingEntity, journal: Journal): DuplicateDetector =>
  new DuplicateDetector(
    () => duplicateWindowOf(entity().definition),
    () => entity().name.toLowerCase(),
    journal,
  );

function createMessageQueue(
  path: string,
  definition: QueueDefinition | Omit<SubscriptionDefinition, 'rules'>,
  journal: Journal,
  sequence: SequenceCounter,
): MessageQueue {
  const lockDurationInMs = definition.lockDurationInMs ?? defaultLockDurationInMs;
  const key = path.toLowerCase();
  // Dead-lettered messages stay put however often they are abandoned; they are numbered on their own.
  const deadLetterQueue = new MessageQueue(
    {
      path: `${path}/$DeadLetterQueue`,
      key: `${key}/$deadletterqueue`,
      maxDeliveryCount: Number.POSITIVE_INFINITY,
      lockDurationInMs,
      requiresSession: false,
    },
    journal,
    new SequenceCounter(),
  );
  const settings = {
    path,
    key,
    maxDeliveryCount: definition.maxDeliveryCount ?? defaultMaxDeliveryCount,
    lockDurationInMs,
    requiresSession: definition.requiresSession ?? false,
  };
  return new MessageQueue(settings, journal, sequence, deadLetterQueue);
}
