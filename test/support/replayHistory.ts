// The replay tests' common ground: an application publishing to a topic of their own (short duplicate-detection
// window, see serviceBusTopics.ts), a stored history of 19 events over 7 streams of two aggregate types, a late
// subscription with the rule every subscription has, draining a subscription, and the acceptance check: the
// late subscriber got every stored event exactly once (by messageId) in per-stream order.
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
import { configurationMapFor, createTestApplication, type TestApplicationOptions } from './application.js';
import { emulators } from './emulators.js';

export const REPLAYED_TYPES = ['bank.account', 'diary.item'];

/** An application on the table store, in tables and a container of its own, publishing to `topic`. */
export function replayTestApplication(topic: string, options: TestApplicationOptions = {}): Application {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 10);
  const map = JSON.parse(configurationMapFor('table'));
  map.implementations.table.tablePrefix = `rp${suffix}`;
  map.projections.container = `rp-${suffix}`;
  return createTestApplication({
    ...options,
    store: 'table',
    env: { ConfigurationMap: JSON.stringify(map), EventsTopicName: topic, ...options.env },
  });
}

export function serviceBus(): ServiceBusClient {
  const bus = new ServiceBusClient(emulators().settings.ServiceBusConnection as string);
  afterAll(() => bus.close());
  return bus;
}

/** Receives (and completes) whatever arrives on a subscription until it stays quiet for `quietInMs`. */
export async function drain(
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
export async function seedHistory(application: Application): Promise<EventEnvelope[]> {
  const command = (aggregateType: string, aggregateId: string, commandName: string, payload: unknown) =>
    application.commands.handle({
      aggregateType,
      aggregateId,
      commandName,
      payload,
      causationId: randomUUID(),
      correlationId: 'replay',
    });
  const accounts = Array.from({ length: 5 }, (_, n) => `acc-${n}`);
  const items = ['item-1', 'item-2'];
  for (const id of accounts) {
    await command('bank.account', id, 'open', { owner: id, overdraftLimit: 10 });
    await command('bank.account', id, 'deposit', { amount: 5 });
    await command('bank.account', id, 'withdraw', { amount: 7 });
  }
  for (const id of items) {
    await command('diary.item', id, 'create', {
      title: id,
      from: '2031-01-01T09:00:00Z',
      to: '2031-01-01T10:00:00Z',
    });
    await command('diary.item', id, 'rename', { title: `${id}!` });
  }
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
export async function addSubscription(bus: ServiceBusClient, topic: string, name: string): Promise<void> {
  const admin = new ServiceBusAdministrationClient(emulators().settings.ServiceBusConnection as string, {
    tlsOptions: { ca: readFileSync(emulators().serviceBusCertificate, 'utf8') },
  });
  await admin.createSubscription(topic, name);
  afterAll(() => admin.deleteSubscription(topic, name));
  const rules = bus.createRuleManager(topic, name);
  await rules.deleteRule(SUBSCRIPTION_RULE_NAME);
  await rules.createRule(SUBSCRIPTION_RULE_NAME, { sqlExpression: subscriptionFilter(name) });
}

/** Every stored event reached the subscription exactly once, as a replay to it, each stream in version order. */
export function expectEachOnceInOrder(
  received: ServiceBusReceivedMessage[],
  stored: EventEnvelope[],
  target: string,
) {
  expect(received.map((message) => message.messageId).sort()).toEqual(
    stored.map((event) => event.eventId).sort(),
  );
  expect(received.every((message) => message.applicationProperties?.replayTarget === target)).toBe(true);
  for (const id of new Set(stored.map((event) => event.aggregateId))) {
    const versions = received
      .filter((message) => message.applicationProperties?.aggregateId === id)
      .map((message) => message.applicationProperties?.version);
    expect(versions).toEqual([...versions].sort());
  }
}
