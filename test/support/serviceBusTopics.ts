// Service Bus topics for the tests. `events`, the default, has no subscription, so what most tests publish is
// dropped (as Azure drops messages to a topic without subscriptions). A test file that checks what reaches
// the bus claims its own topic here, with the `projections`, `downstream` and `workflows` (filtered as in
// production) subscriptions; a workflow test claims a workflow topic, which also has a timers queue of its own.
import type { QueueDefinition, TopicDefinition } from '../../emulators/serviceBus/index.js';
import { workflowDefinitions } from '../../src/workflows/index.js';
import { subscriptionFilter } from '../../src/workflows/subscription.js';

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

const SUBSCRIPTIONS = [
  { name: 'projections', maxDeliveryCount: 10, lockDurationInMs: 30_000 },
  { name: 'downstream', maxDeliveryCount: 10, lockDurationInMs: 30_000 },
];

export function testTopicDefinitions(): TopicDefinition[] {
  const workflows = {
    name: 'workflows',
    maxDeliveryCount: 10,
    lockDurationInMs: 30_000,
    rules: [{ name: 'workflow-events', filter: { sql: subscriptionFilter(workflowDefinitions()) } }],
  };
  return [
    { name: 'events', subscriptions: [] },
    // Every test topic has the workflows subscription, as the app's topic does (its dead letters are watched).
    ...[...TEST_TOPICS, ...WORKFLOW_TOPICS].map((topic) => ({
      name: topicName(topic),
      duplicateDetectionWindowInMs: 600_000,
      subscriptions: [...SUBSCRIPTIONS, workflows],
    })),
  ];
}

export function testQueueDefinitions(): QueueDefinition[] {
  return WORKFLOW_TOPICS.map((topic) => ({
    name: timersQueueName(topic),
    maxDeliveryCount: 10,
    lockDurationInMs: 30_000,
    duplicateDetectionWindowInMs: 600_000,
  }));
}
