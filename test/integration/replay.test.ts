// Issue 14 (acceptance): replaying the stored history to a new subscription `audit` delivers every stored event
// exactly once to it (by messageId), in per-stream order, and nothing to `projections` or `downstream`, whose
// rules take live events and their own replays only. The replay is interrupted after its first page and
// resumed from its checkpoint, sending nothing twice. The test topic's duplicate-detection window is one second,
// so the copies are not dropped as duplicates of the live messages (in Azure: replay 10 minutes later).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  ServiceBusAdministrationClient,
  ServiceBusClient,
  type ServiceBusReceivedMessage,
} from '@azure/service-bus';
import { afterAll, describe, expect, it } from 'vitest';
import { SUBSCRIPTION_RULE_NAME, subscriptionFilter } from '../../src/messaging/eventMessage.js';
import { replayHistory } from '../../src/messaging/replay.js';
import type { EventEnvelope } from '../../src/stores/eventStore.js';
import { configurationMapFor, createTestApplication } from '../support/application.js';
import { emulators } from '../support/emulators.js';
import { topicName } from '../support/serviceBusTopics.js';

const topic = topicName('replay');
const suffix = randomUUID().replaceAll('-', '').slice(0, 10);
const map = JSON.parse(configurationMapFor('table'));
map.implementations.table.tablePrefix = `rp${suffix}`;
map.projections.container = `rp-${suffix}`;
const application = createTestApplication({
  store: 'table',
  env: { ConfigurationMap: JSON.stringify(map), EventsTopicName: topic },
});
const bus = new ServiceBusClient(emulators().settings.ServiceBusConnection as string);
afterAll(() => bus.close());

/** Receives (and completes) whatever arrives on a subscription until it stays quiet for `quietInMs`. */
async function drain(subscription: string, quietInMs = 1_500): Promise<ServiceBusReceivedMessage[]> {
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

async function command(aggregateType: string, aggregateId: string, commandName: string, payload: unknown) {
  await application.commands.handle({
    aggregateType,
    aggregateId,
    commandName,
    payload,
    causationId: randomUUID(),
    correlationId: 'replay',
  });
}

describe('replaying the history to a new subscription', () => {
  it('delivers every stored event exactly once to it, in stream order, and nothing to the others', {
    timeout: 60_000,
  }, async () => {
    const accounts = Array.from({ length: 5 }, (_, n) => `acc-${n}`);
    for (const id of accounts) {
      await command('bank.account', id, 'open', { owner: id, overdraftLimit: 10 });
      await command('bank.account', id, 'deposit', { amount: 5 });
      await command('bank.account', id, 'withdraw', { amount: 7 });
    }
    for (const id of ['item-1', 'item-2']) {
      await command('diary.item', id, 'create', {
        title: id,
        from: '2031-01-01T09:00:00Z',
        to: '2031-01-01T10:00:00Z',
      });
      await command('diary.item', id, 'rename', { title: `${id}!` });
    }
    await application.messaging.publication.flush();
    const stored: EventEnvelope[] = [];
    for (const [type, ids] of [
      ['bank.account', accounts],
      ['diary.item', ['item-1', 'item-2']],
    ] as const) {
      for (const aggregateId of ids) {
        const store = application.stores.forAggregateType(type);
        stored.push(...(await store.readStream({ aggregateType: type, aggregateId })).events);
      }
    }
    expect(stored).toHaveLength(19);
    // The live messages reach the existing subscriptions (and are taken away here).
    expect((await drain('projections')).length).toBe(19);
    expect((await drain('downstream')).length).toBe(19);

    // A subscriber arrives: its subscription, with the rule every subscription has.
    const admin = new ServiceBusAdministrationClient(emulators().settings.ServiceBusConnection as string, {
      tlsOptions: { ca: readFileSync(emulators().serviceBusCertificate, 'utf8') },
    });
    await admin.createSubscription(topic, 'audit');
    const rules = bus.createRuleManager(topic, 'audit');
    await rules.deleteRule(SUBSCRIPTION_RULE_NAME);
    await rules.createRule(SUBSCRIPTION_RULE_NAME, { sqlExpression: subscriptionFilter('audit') });
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // past the topic's duplicate-detection window

    const options = {
      storeFor: (type: string) => application.stores.forAggregateType(type),
      publisher: application.messaging.publisher,
      checkpoints: application.stores.documents(),
      subscription: 'audit',
      aggregateTypes: ['bank.account', 'diary.item'],
      pageSize: 2,
    };
    const abort = new AbortController();
    const first = await replayHistory({ ...options, signal: abort.signal, onProgress: () => abort.abort() });
    expect(first).toMatchObject({ typeIndex: 0, streams: 2, events: 6 });
    expect(first.finishedAt).toBeUndefined();
    const resumed = await replayHistory(options);
    expect(resumed).toMatchObject({ typeIndex: 2, streams: 7, events: 19, finishedAt: expect.any(String) });

    const audit = await drain('audit');
    expect(audit.map((message) => message.messageId).sort()).toEqual(
      stored.map((event) => event.eventId).sort(),
    );
    expect(audit.every((message) => message.applicationProperties?.replayTarget === 'audit')).toBe(true);
    for (const id of [...accounts, 'item-1', 'item-2']) {
      const versions = audit
        .filter((message) => message.applicationProperties?.aggregateId === id)
        .map((message) => message.applicationProperties?.version);
      expect(versions).toEqual([...versions].sort());
    }
    expect(await drain('projections', 1_000)).toEqual([]);
    expect(await drain('downstream', 1_000)).toEqual([]);
    await admin.deleteSubscription(topic, 'audit');
  });
});
