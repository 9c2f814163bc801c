// Issue 10, item 13: after a bus outage under load thousands of publish intents wait; one sweeper run drains
// them all, page after page, instead of 500 per 30-second run.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from '../../src/shared/concurrency.js';
import { intentsCreatedBefore } from '../../src/stores/intents/publishIntentStore.js';
import { configurationMapFor, createTestApplication } from '../support/application.js';
import { subscribeDownstream } from '../support/downstream.js';
import { makeEvents, uniqueAggregateType } from '../support/envelopes.js';
import { topicName } from '../support/serviceBusTopics.js';

const downstream = subscribeDownstream('sweeper');
// Intents of its own: other test files sweep the shared intents table too (and would publish these elsewhere).
const map = JSON.parse(configurationMapFor('table'));
map.publishIntents.table = `drain${randomUUID().replaceAll('-', '').slice(0, 12)}`;
const application = createTestApplication({
  store: 'table',
  env: {
    EventsTopicName: topicName('sweeper'),
    PublishSweepAfterInMs: '0',
    ConfigurationMap: JSON.stringify(map),
  },
});

describe('item 13: the publish sweeper drains a backlog', () => {
  it('publishes every one of 700 waiting intents in one run (more than one page and the old cap of 500)', async () => {
    const aggregateType = uniqueAggregateType();
    const store = application.stores.forAggregateType(aggregateType);
    const { intents } = application.messaging;
    const createdAt = new Date(Date.now() - 3_600_000).toISOString();
    const ids = Array.from({ length: 700 }, (_, n) => `s${n}`);
    // Appended but never published: the state a bus outage leaves behind.
    await mapWithConcurrency(ids, 16, async (aggregateId) => {
      const stream = { aggregateType, aggregateId };
      await store.appendToStream(stream, 0, makeEvents(stream, 0, 1));
      await intents.record({
        id: `${aggregateType}-${aggregateId}`,
        ...stream,
        fromVersion: 1,
        toVersion: 1,
        createdAt,
      });
    });

    const report = await application.messaging.sweep();

    expect(report.failed).toBe(0);
    expect(report.published).toBeGreaterThanOrEqual(700);
    const left = await intentsCreatedBefore(intents, new Date(Date.now() + 60_000), 10_000);
    expect(left.filter((intent) => intent.aggregateType === aggregateType)).toEqual([]);
    const ours = (message: { applicationProperties?: Record<string, unknown> }) =>
      message.applicationProperties?.aggregateType === aggregateType;
    const received = await downstream.waitFor(ours, 700, 30_000);
    expect(new Set(received.map((message) => message.applicationProperties?.aggregateId)).size).toBe(700);
  });
});
