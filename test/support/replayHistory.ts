// The replay tests' common ground (replayTest): an application publishing to a topic of their own (short
// duplicate-detection window, see serviceBusTopics.ts), a stored history of 19 events over 7 streams of two
// aggregate types, a late subscription with the rule every subscription has, and the acceptance check: the late
// subscriber got every stored event exactly once (by messageId) in per-stream order, and the others nothing.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  ServiceBusAdministrationClient,
  ServiceBusClient,
  type ServiceBusReceivedMessage,
} from '@azure/service-bus';
import { afterAll, expect } from 'vitest';
import type { Application } from '../../src/application.js';
import { SUBSCRIPTION_RULE_NAME, subscriptionFilter } from '../../src/messaging/eventMessage.js';
import type { EventEnvelope } from '../../src/stores/eventStore.js';
import {
  configurationMapFor,
  createTestApplication,
  type TestApplicationOptions,
  useApplication,
} from './application.js';
import { emulators } from './emulators.js';
import { sendCommand, type TestResponse } from './functions.js';

export const REPLAYED_TYPES = ['bank.account', 'diary.item'];

/**
 * An application on the table store, in tables and a container of its own, publishing to `topic`; the exported
 * function handlers use it for the rest of the test file.
 */
function replayTestApplication(topic: string, options: TestApplicationOptions = {}): Application {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 10);
  const map = JSON.parse(configurationMapFor('table'));
  map.implementations.table.tablePrefix = `rp${suffix}`;
  map.projections.container = `rp-${suffix}`;
  const application = createTestApplication({
    ...options,
    store: 'table',
    env: { ConfigurationMap: JSON.stringify(map), EventsTopicName: topic, ...options.env },
  });
  return useApplication(application);
}

/** Receives (and completes) whatever arrives on a subscription until it stays quiet for `quietInMs`. */
async function drain(
  bus: ServiceBusClient,
  topic: string,
  subscription: string,
  quietInMs = 1_500,
): Promise<ServiceBusReceivedMessage[]> {
  const receiver = bus.createReceiver(topic, subscription);
  const received: ServiceBusReceivedMessage[] = [];
  try {
    for (;;) {
      const messages = await receiver.receiveMessages(100, { maxWaitTimeInMs: quietInMs });
      if (messages.length === 0) return received;
      for (const message of messages) await receiver.completeMessage(message);
      received.push(...messages);
    }
  } finally {
    await receiver.close();
  }
}

/** Five accounts (three events each) and two diary items (two each), published; answers the stored events. */
async function seedHistory(application: Application): Promise<EventEnvelope[]> {
  const accounts = Array.from({ length: 5 }, (_, n) => `acc-${n}`);
  const items = ['item-1', 'item-2'];
  const sent: TestResponse[] = [];
  for (const id of accounts) {
    sent.push(await sendCommand('bank.account', id, 'open', { owner: id, overdraftLimit: 10 }));
    sent.push(await sendCommand('bank.account', id, 'deposit', { amount: 5 }));
    sent.push(await sendCommand('bank.account', id, 'withdraw', { amount: 7 }));
  }
  for (const id of items) {
    const slot = { from: '2031-01-01T09:00:00Z', to: '2031-01-01T10:00:00Z' };
    sent.push(await sendCommand('diary.item', id, 'create', { title: id, ...slot }));
    sent.push(await sendCommand('diary.item', id, 'rename', { title: `${id}!` }));
  }
  expect(sent.map((response) => response.status).filter((status) => status >= 300)).toEqual([]);
  await application.messaging.publication.flush();
  const stored: EventEnvelope[] = [];
  for (const [aggregateType, ids] of [
    ['bank.account', accounts],
    ['diary.item', items],
  ] as const) {
    const store = application.stores.forAggregateType(aggregateType);
    for (const aggregateId of ids)
      stored.push(...(await store.readStream({ aggregateType, aggregateId })).events);
  }
  return stored;
}

/** A subscription arriving late, with the rule every subscription has; deleted after the file. */
async function addSubscription(bus: ServiceBusClient, topic: string, name: string): Promise<void> {
  const admin = new ServiceBusAdministrationClient(emulators().settings.ServiceBusConnection as string, {
    tlsOptions: { ca: readFileSync(emulators().serviceBusCertificate, 'utf8') },
  });
  await admin.createSubscription(topic, name);
  afterAll(() => admin.deleteSubscription(topic, name));
  const rules = bus.createRuleManager(topic, name);
  await rules.deleteRule(SUBSCRIPTION_RULE_NAME);
  await rules.createRule(SUBSCRIPTION_RULE_NAME, { sqlExpression: subscriptionFilter(name) });
}

/**
 * A replay test's application (replayTestApplication) and Service Bus client, and its given and then: the history
 * published live (taken from `projections` and `downstream` here), then `subscription` arriving late, past the
 * topic's duplicate-detection window; and, after a replay, every stored event reached `subscription` exactly once
 * (by messageId) as a replay to it, each stream in version order, and nothing reached the others.
 */
export function replayTest(topic: string, options: TestApplicationOptions = {}) {
  const application = replayTestApplication(topic, options);
  const bus = new ServiceBusClient(emulators().settings.ServiceBusConnection as string);
  afterAll(() => bus.close());
  return {
    application,
    bus,
    async historyAndLateSubscriber(subscription: string): Promise<EventEnvelope[]> {
      const stored = await seedHistory(application);
      expect(stored).toHaveLength(19);
      expect((await drain(bus, topic, 'projections')).length).toBe(19);
      expect((await drain(bus, topic, 'downstream')).length).toBe(19);
      await addSubscription(bus, topic, subscription);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      return stored;
    },
    async expectReplayedTo(subscription: string, stored: EventEnvelope[]): Promise<void> {
      const received = await drain(bus, topic, subscription);
      const ids = (messages: { messageId?: unknown }[]) => messages.map(({ messageId }) => messageId).sort();
      expect(ids(received)).toEqual(ids(stored.map((event) => ({ messageId: event.eventId }))));
      expect(received.every((message) => message.applicationProperties?.replayTarget === subscription)).toBe(
        true,
      );
      for (const id of new Set(stored.map((event) => event.aggregateId))) {
        const versions = received
          .filter((message) => message.applicationProperties?.aggregateId === id)
          .map((message) => message.applicationProperties?.version);
        expect(versions).toEqual([...versions].sort());
      }
      expect(await drain(bus, topic, 'projections', 1_000)).toEqual([]);
      expect(await drain(bus, topic, 'downstream', 1_000)).toEqual([]);
    },
  };
}
