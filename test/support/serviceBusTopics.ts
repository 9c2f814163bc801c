// Service Bus topics for the tests. `events`, the default, has no subscription, so what most tests publish is
// dropped (as Azure drops messages to a topic without subscriptions). A test file that checks what reaches
// the bus claims its own topic here, with the `projections`, `downstream` and `workflows` subscriptions, each
// with its rule as in production (live events and its own replays; the workflows' also filtered to the events
// the definitions take); a workflow test claims a workflow topic, which also has a timers queue of its own.
import type { QueueDefinition, TopicDefinition } from '../../emulators/serviceBus/index.js';
import { SUBSCRIPTION_RULE_NAME, subscriptionFilter } from '../../src/messaging/eventMessage.js';
import { workflowDefinitions } from '../../src/workflows/index.js';
import { workflowsSubscriptionFilter } from '../../src/workflows/subscription.js';

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
  'browser-explorer',
  'browser-diary',
  'markers',
  'tracing',
  'health',
  'streams',
  'rebuild',
  'replay',
  'replay-route',
] as const;
export const WORKFLOW_TOPICS = [
  'workflows',
  'workflow-faults',
  'workflow-order',
  'workflow-poison',
  'workflow-load',
  'workflow-bench',
] as const;
export type TestTopic = (typeof TEST_TOPICS)[number] | (typeof WORKFLOW_TOPICS)[number];

/** The settings pointing an application (or a host) at a workflow topic, its subscription and its timers queue. */
export function workflowTopicSettings(topic: (typeof WORKFLOW_TOPICS)[number]): Record<string, string> {
  return {
    EventsTopicName: topicName(topic),
    WorkflowsSubscriptionName: 'workflows',
    WorkflowTimersQueueName: timersQueueName(topic),
  };
}

export function timersQueueName(topic: (typeof WORKFLOW_TOPICS)[number]): string {
  return `timers-${topic}`;
}

export function topicName(topic: TestTopic): string {
  return `events-${topic}`;
}

export function testTopicDefinitions(): TopicDefinition[] {
  const workflows = {
    name: 'workflows',
    maxDeliveryCount: 10,
    lockDurationInMs: 30_000,
    rules: [
      {
        name: SUBSCRIPTION_RULE_NAME,
        filter: { sql: workflowsSubscriptionFilter('workflows', workflowDefinitions()) },
      },
    ],
  };
  return [
    { name: 'events', subscriptions: [] },
    // Every test topic has the workflows subscription, as the app's topic does (its dead letters are watched).
    ...[...TEST_TOPICS, ...WORKFLOW_TOPICS].map((topic) => ({
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
        workflows,
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
  return [
    ...WORKFLOW_TOPICS.map((topic) => ({
      name: timersQueueName(topic),
      maxDeliveryCount: 10,
      lockDurationInMs: 30_000,
      duplicateDetectionWindowInMs: 600_000,
    })),
    ...TEST_QUEUES.map((name) => ({ name, maxDeliveryCount: 10, lockDurationInMs: 5_000 })),
  ];
}

/** The rebuild soak kills its host: what that host held locked comes round again after 5 s, not 30. */
function lockFor(topic: TestTopic): number {
  return topic === 'rebuild' ? 5_000 : 30_000;
}
