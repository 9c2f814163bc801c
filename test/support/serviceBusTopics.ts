// Service Bus topics for the tests. `events`, the default, has no subscription, so what most tests publish is
// dropped (as Azure drops messages to a topic without subscriptions). A test file that checks what reaches
// the bus claims its own topic here, with the `projections` and `downstream` subscriptions.
import type { TopicDefinition } from '../../emulators/serviceBus/index.js';

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
  'markers',
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
      duplicateDetectionWindowInMs: 600_000,
      subscriptions: [
        { name: 'projections', maxDeliveryCount: 10, lockDurationInMs: 30_000 },
        { name: 'downstream', maxDeliveryCount: 10, lockDurationInMs: 30_000 },
      ],
    })),
  ];
}
