// The administration API through the official ServiceBusAdministrationClient, which speaks HTTPS to the AMQP
// port: queues, topics, subscriptions and rules created, read, updated, listed and deleted, runtime message
// counts, Azure's status codes, and entities made at run time serving AMQP at once.
import { readFileSync } from 'node:fs';
import { ServiceBusAdministrationClient } from '@azure/service-bus';
import { describe, expect, it } from 'vitest';
import { receiveAll, receiveOne, useServiceBusEmulator } from './serviceBusHarness.js';

const harness = useServiceBusEmulator();
/** Trusting the emulator's certificate through the client's own options (core-rest-pipeline's tlsOptions). */
const admin = () =>
  new ServiceBusAdministrationClient(harness.emulator().connectionString, {
    tlsOptions: { ca: readFileSync(harness.emulator().certificatePath, 'utf8') },
  });
const all = async <T>(pages: AsyncIterable<T>): Promise<T[]> => {
  const found: T[] = [];
  for await (const item of pages) found.push(item);
  return found;
};

describe('queues', () => {
  it('creates a queue with its settings, serves it over AMQP at once, updates, lists and deletes it', async () => {
    const client = admin();
    const created = await client.createQueue('admin-orders', {
      lockDuration: 'PT30S',
      maxDeliveryCount: 3,
      requiresDuplicateDetection: true,
      duplicateDetectionHistoryTimeWindow: 'PT1M',
      userMetadata: 'owned by billing',
    });
    expect(created).toMatchObject({
      name: 'admin-orders',
      lockDuration: 'PT30S',
      maxDeliveryCount: 3,
      requiresSession: false,
      requiresDuplicateDetection: true,
      duplicateDetectionHistoryTimeWindow: 'PT1M',
      userMetadata: 'owned by billing',
      status: 'Active',
    });
    expect(created._response.status).toBe(201);

    await harness.send('admin-orders', [
      { body: 'one', messageId: 'same' },
      { body: 'dropped', messageId: 'same' },
    ]);
    const received = await receiveOne(harness.client().createReceiver('admin-orders'));
    expect(received).toMatchObject({ body: 'one' });
    expect(received.lockedUntilUtc?.getTime()).toBeGreaterThan(Date.now() + 20_000);

    const updated = await client.updateQueue({
      ...(await client.getQueue('admin-orders')),
      maxDeliveryCount: 7,
    });
    expect(updated.maxDeliveryCount).toBe(7);
    expect((await all(client.listQueues())).map((queue) => queue.name)).toContain('admin-orders');
    expect(await client.queueExists('admin-orders')).toBe(true);

    await client.deleteQueue('admin-orders');
    expect(await client.queueExists('admin-orders')).toBe(false);
    await expect(harness.send('admin-orders', { body: 'gone' })).rejects.toMatchObject({
      code: 'MessagingEntityNotFound',
    });
  });

  it('answers 409 for an entity that exists and 404 for one that does not', async () => {
    const client = admin();
    await client.createQueue('admin-twice');
    await expect(client.createQueue('admin-twice')).rejects.toMatchObject({
      statusCode: 409,
      code: 'MessageEntityAlreadyExistsError',
    });
    await expect(client.getQueue('admin-missing')).rejects.toMatchObject({
      statusCode: 404,
      code: 'MessageEntityNotFoundError',
    });
    await expect(client.deleteTopic('admin-missing')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('counts active, dead-lettered and scheduled messages in runtime properties', async () => {
    const client = admin();
    await client.createQueue('admin-counts');
    await harness.send('admin-counts', [{ body: 1 }, { body: 2 }, { body: 3 }]);
    await harness
      .client()
      .createSender('admin-counts')
      .scheduleMessages({ body: 4 }, new Date(Date.now() + 3_600_000));
    const receiver = harness.client().createReceiver('admin-counts');
    await receiver.deadLetterMessage(await receiveOne(receiver), {
      deadLetterReason: 'x',
      deadLetterErrorDescription: 'y',
    });

    expect(await client.getQueueRuntimeProperties('admin-counts')).toMatchObject({
      name: 'admin-counts',
      activeMessageCount: 2,
      deadLetterMessageCount: 1,
      scheduledMessageCount: 1,
      transferMessageCount: 0,
      totalMessageCount: 4,
    });
  });

  it('creates a session-enabled queue, and refuses what the emulator does not have', async () => {
    const client = admin();
    expect((await client.createQueue('admin-sessions', { requiresSession: true })).requiresSession).toBe(
      true,
    );
    await harness.send('admin-sessions', { body: 'in a session', sessionId: 's' });
    expect((await receiveAll(await harness.client().acceptSession('admin-sessions', 's'), 1))[0]?.body).toBe(
      'in a session',
    );

    await expect(
      client.createQueue('admin-forwarding', { forwardTo: 'admin-sessions' }),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('ForwardTo'),
    });
    await expect(client.createQueue('admin-partitioned', { enablePartitioning: true })).rejects.toMatchObject(
      {
        statusCode: 400,
      },
    );
  });
});

describe('topics, subscriptions and rules', () => {
  it('creates a topic and a filtered subscription, manages its rules, and routes by them at once', async () => {
    const client = admin();
    await client.createTopic('admin-events');
    const subscription = await client.createSubscription('admin-events', 'big', {
      maxDeliveryCount: 4,
      defaultRuleOptions: { name: 'large', filter: { sqlExpression: 'amount > 100' } },
    });
    expect(subscription).toMatchObject({
      topicName: 'admin-events',
      subscriptionName: 'big',
      maxDeliveryCount: 4,
    });
    expect(await client.getRule('admin-events', 'big', 'large')).toMatchObject({
      name: 'large',
      filter: { sqlExpression: 'amount > 100' },
    });

    await client.createRule('admin-events', 'big', 'vip', {
      correlationId: 'vip',
      applicationProperties: { tier: 'gold', level: 3 },
    });
    const vip = await client.getRule('admin-events', 'big', 'vip');
    expect(vip.filter).toMatchObject({
      correlationId: 'vip',
      applicationProperties: { tier: 'gold', level: 3 },
    });
    await client.updateRule('admin-events', 'big', { ...vip, filter: { sqlExpression: "tier = 'gold'" } });
    expect(
      (await all(client.listRules('admin-events', 'big'))).map((rule) => [rule.name, rule.filter]),
    ).toEqual([
      ['large', { sqlExpression: 'amount > 100', sqlParameters: undefined }],
      ['vip', { sqlExpression: "tier = 'gold'", sqlParameters: undefined }],
    ]);

    await harness.send('admin-events', [
      { body: 'small', applicationProperties: { amount: 5 } },
      { body: 'large', applicationProperties: { amount: 500 } },
      { body: 'gold', applicationProperties: { amount: 1, tier: 'gold' } },
    ]);
    const received = await receiveAll(harness.client().createReceiver('admin-events', 'big'), 2);
    expect(received.map((message) => message.body)).toEqual(['large', 'gold']);

    await client.deleteRule('admin-events', 'big', 'vip');
    expect(await client.ruleExists('admin-events', 'big', 'vip')).toBe(false);
    await expect(
      client.createRule('admin-events', 'big', 'large', { sqlExpression: '1=1' }),
    ).rejects.toMatchObject({
      statusCode: 409,
    });
  });

  it('reports topic and subscription runtime properties, and lists subscriptions page by page', async () => {
    const client = admin();
    await client.createTopic('admin-paged');
    for (const name of ['a', 'b', 'c']) await client.createSubscription('admin-paged', name);
    await harness.send('admin-paged', { body: 'x' });
    await harness
      .client()
      .createSender('admin-paged')
      .scheduleMessages({ body: 'y' }, new Date(Date.now() + 3_600_000));

    expect(await client.getTopicRuntimeProperties('admin-paged')).toMatchObject({
      subscriptionCount: 3,
      scheduledMessageCount: 1,
    });
    expect(await client.getSubscriptionRuntimeProperties('admin-paged', 'b')).toMatchObject({
      activeMessageCount: 1,
      deadLetterMessageCount: 0,
      totalMessageCount: 1,
    });
    const pages = [];
    for await (const page of client.listSubscriptions('admin-paged').byPage({ maxPageSize: 2 })) {
      pages.push(page.map((found) => found.subscriptionName));
    }
    expect(pages).toEqual([['a', 'b'], ['c']]);
    expect(await client.subscriptionExists('admin-paged', 'c')).toBe(true);
    await client.deleteSubscription('admin-paged', 'c');
    expect(await client.subscriptionExists('admin-paged', 'c')).toBe(false);
    expect((await all(client.listTopics())).map((topic) => topic.name)).toContain('admin-paged');
  });
});

describe('namespace', () => {
  it('reports the namespace properties', async () => {
    expect(await admin().getNamespaceProperties()).toMatchObject({
      name: 'emulator',
      messagingSku: 'Standard',
    });
  });
});

describe('trust', () => {
  it('is refused by a client that does not trust the emulator certificate', async () => {
    const untrusting = new ServiceBusAdministrationClient(harness.emulator().connectionString, {
      retryOptions: { maxRetries: 0 },
    });
    await expect(untrusting.getQueue('anything')).rejects.toThrow(/self[- ]signed certificate/);
  });
});
