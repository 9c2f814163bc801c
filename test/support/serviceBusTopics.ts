// Service Bus topics for the tests. `events`, the default, has no subscription, so what most tests publish is
// dropped (as Azure drops messages to a topic without subscriptions). A test file that checks what reaches
// the bus claims its own topic here, with the `projections` and `downstream` subscriptions.
import type { QueueDefinition, TopicDefinition } from '../../emulators/serviceBus/index.js';
import { SUBSCRIPTION_RULE_NAME, subscriptionFilter } from '../../src/messaging/eventMessage.js';

export const TEST_TOPICS = [
  'publishing',
  'faults',
  'projections',
  'e2e',
  'consumer',
  'metadata',
  'bench',
  'sweeper',
  'deadletters',
  'outage',
  'rebuild',
  'replay',
  'replay-route',
] as const;
export type TestTopic = (typeof TEST_TOPICS)[number];

export function topicName(topic: TestTopic): string {
  return `events-${topic}`;
}

export function testTopicDefinitions(): TopicDefinition[] {
  return [
    { name: 'events', subscriptions: [] },
    ...TEST_TOPICS.map((topic) => ({
      name: topicName(topic),
      // The replay tests send the events again soon after they were published: a short window lets them.
      duplicateDetectionWindowInMs: topic.startsWith('replay') ? 1_000 : 600_000,
      subscriptions: [
        // As in the app: each takes live events and the replays meant for it.
        ...['projections', 'downstream'].map((name) => ({
          name,
          maxDeliveryCount: 10,
          lockDurationInMs: lockFor(topic),
          rules: [{ name: SUBSCRIPTION_RULE_NAME, filter: { sql: subscriptionFilter(name) } }],
        })),
      ],
    })),
  ];
}

/**
 * Queues for rebuild jobs (and replays): the default name (nobody receives from it in tests) and one per test that
 * runs them.
 */
export const TEST_QUEUES = [
  'projection-rebuilds',
  'rebuilds-e2e',
  'rebuilds-outage',
  'rebuilds-bench',
  'replays-route',
] as const;

export function testQueueDefinitions(): QueueDefinition[] {
  return TEST_QUEUES.map((name) => ({ name, maxDeliveryCount: 10, lockDurationInMs: 5_000 }));
}

/** The rebuild soak kills its host: what that host held locked comes round again after 5 s, not 30. */
function lockFor(topic: TestTopic): number {
  return topic === 'rebuild' ? 5_000 : 30_000;
}
