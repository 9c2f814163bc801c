// The Service Bus emulator, driven only through the official @azure/service-bus SDK. Each test
// has its own topic or queue, so the tests share one emulator without seeing each other's messages.
import {
  type ServiceBusReceivedMessage as Received,
  ServiceBusClient,
  type ServiceBusMessage,
  type ServiceBusReceiver,
  type ServiceBusReceiverOptions,
} from '@azure/service-bus';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isPortFree } from '../../src/local/ports.js';
import { type RunningServiceBusEmulator, startServiceBusEmulator } from '../../src/local/serviceBus/index.js';

let emulator: RunningServiceBusEmulator;
let client: ServiceBusClient;

const plainTopics = ['batches', 'complete', 'abandon', 'dead-letter', 'subscribe', 'subscribe-error'];
const moreTopics = ['peek', 'throughput', 'run-time'];

beforeAll(async () => {
  emulator = await startServiceBusEmulator({
    port: 0,
    topics: [
      { name: 'fan-out', subscriptions: [{ name: 'audit' }, { name: 'billing' }] },
      ...[...plainTopics, ...moreTopics].map((name) => ({ name, subscriptions: [{ name: 'sub' }] })),
      { name: 'max-delivery', subscriptions: [{ name: 'sub', maxDeliveryCount: 2 }] },
      { name: 'lock-expiry', subscriptions: [{ name: 'sub', lockDurationInMs: 500 }] },
      { name: 'lock-renewal', subscriptions: [{ name: 'sub', lockDurationInMs: 1_000 }] },
      { name: 'short-window', subscriptions: [{ name: 'sub' }], duplicateDetectionWindowInMs: 300 },
    ],
    queues: [{ name: 'receive-and-delete' }, { name: 'drain' }],
  });
  client = new ServiceBusClient(emulator.connectionString);
});

afterAll(async () => {
  await client?.close();
  await emulator?.close();
});

const subscriptionReceiver = (topic: string, options: ServiceBusReceiverOptions = {}) =>
  client.createReceiver(topic, 'sub', options);

const send = (topicOrQueue: string, messages: ServiceBusMessage | ServiceBusMessage[]) =>
  client.createSender(topicOrQueue).sendMessages(messages);

const receiveAll = async (receiver: ServiceBusReceiver, count: number): Promise<Received[]> => {
  const received: Received[] = [];
  while (received.length < count) {
    const batch = await receiver.receiveMessages(count - received.length, { maxWaitTimeInMs: 5_000 });
    if (batch.length === 0) break;
    received.push(...batch);
  }
  return received;
};

const receiveOne = async (receiver: ServiceBusReceiver) => (await receiveAll(receiver, 1))[0] as Received;
// A fresh object each time: createReceiver deletes `receiveMode` from the options it is given.
const receiveAndDelete = (): ServiceBusReceiverOptions => ({ receiveMode: 'receiveAndDelete' });
const bodies = (messages: Received[]) => messages.map((message) => message.body);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const until = (condition: () => boolean) =>
  vi.waitFor(() => expect(condition()).toBe(true), { timeout: 4_000 });

describe('publishing', () => {
  it('copies a message sent to a topic to every subscription, with its properties and body intact', async () => {
    const sent = {
      body: { orderId: 'o-1', lines: [{ sku: 'a', quantity: 2 }], note: 'ünïcode' },
      messageId: 'order-1',
      subject: 'OrderPlaced',
      correlationId: 'correlation-1',
      contentType: 'application/json',
      sessionId: 'stream-1',
      applicationProperties: { tenant: 't-1', version: 3, replay: false },
    };
    await send('fan-out', sent);

    for (const name of ['audit', 'billing']) {
      const receiver = client.createReceiver('fan-out', name);
      const received = await receiveOne(receiver);
      expect(received).toMatchObject({ ...sent, deliveryCount: 0 });
      expect(received.sequenceNumber?.toNumber()).toBeGreaterThan(0);
      expect(received.enqueuedTimeUtc).toBeInstanceOf(Date);
      await receiver.completeMessage(received);
    }
  });

  it('delivers every message of sendMessages([...]) and of a message batch, in order', async () => {
    const sender = client.createSender('batches');
    await sender.sendMessages([{ body: 'a' }, { body: 'b' }, { body: 'c' }]);
    const batch = await sender.createMessageBatch();
    for (const body of ['d', 'e', 'f']) batch.tryAddMessage({ body, subject: `s-${body}` });
    await sender.sendMessages(batch);

    const receiver = subscriptionReceiver('batches', receiveAndDelete());
    const received = await receiveAll(receiver, 6);

    expect(bodies(received)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(received[4]?.subject).toBe('s-e');
  });

  it('rejects a sender or receiver for an unknown entity with MessagingEntityNotFound', async () => {
    const notFound = { code: 'MessagingEntityNotFound' };
    await expect(send('no-such-topic', { body: 'x' })).rejects.toMatchObject(notFound);
    const receiver = client.createReceiver('fan-out', 'no-such-subscription');
    await expect(receiver.receiveMessages(1, { maxWaitTimeInMs: 500 })).rejects.toMatchObject(notFound);
  });

  it('delivers to a subscription added at run time the messages sent after it was added', async () => {
    await send('run-time', { body: 'before' });
    emulator.addSubscription('run-time', { name: 'late' });
    await send('run-time', { body: 'after' });

    const receiver = client.createReceiver('run-time', 'late', receiveAndDelete());
    const received = await receiver.receiveMessages(10, { maxWaitTimeInMs: 1_000 });

    expect(bodies(received)).toEqual(['after']);
  });
});

describe('peek-lock settlement', () => {
  it('removes a completed message', async () => {
    await send('complete', { body: 'done' });
    const receiver = subscriptionReceiver('complete');

    await receiver.completeMessage(await receiveOne(receiver));

    expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 })).toEqual([]);
    expect(await receiver.peekMessages(10)).toEqual([]);
  });

  it('redelivers an abandoned message with its delivery count one higher', async () => {
    await send('abandon', { body: 'retry me', messageId: 'abandon-1' });
    const receiver = subscriptionReceiver('abandon');

    const first = await receiveOne(receiver);
    await receiver.abandonMessage(first);
    const second = await receiveOne(receiver);

    expect([first.deliveryCount, second.deliveryCount]).toEqual([0, 1]);
    expect(second).toMatchObject({ messageId: 'abandon-1', body: 'retry me' });
    await receiver.completeMessage(second);
  });

  it('dead-letters a message abandoned past the max delivery count', async () => {
    await send('max-delivery', { body: 'poison', messageId: 'poison-1' });
    const receiver = subscriptionReceiver('max-delivery');

    await receiver.abandonMessage(await receiveOne(receiver));
    await receiver.abandonMessage(await receiveOne(receiver));

    expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 })).toEqual([]);
    const deadLetters = subscriptionReceiver('max-delivery', { subQueueType: 'deadLetter' });
    const deadLettered = await receiveOne(deadLetters);
    expect(deadLettered).toMatchObject({ body: 'poison', deadLetterReason: 'MaxDeliveryCountExceeded' });
    await deadLetters.completeMessage(deadLettered);
  });

  it('dead-letters a message with the reason and description the receiver gave', async () => {
    await send('dead-letter', { body: { amount: -1 }, applicationProperties: { a: 1 } });
    const receiver = subscriptionReceiver('dead-letter');

    const reason = { deadLetterReason: 'InvalidAmount', deadLetterErrorDescription: 'must be positive' };

    await receiver.deadLetterMessage(await receiveOne(receiver), reason);

    const deadLetters = subscriptionReceiver('dead-letter', { subQueueType: 'deadLetter' });
    const deadLettered = await receiveOne(deadLetters);
    expect(deadLettered).toMatchObject({ ...reason, body: { amount: -1 }, applicationProperties: { a: 1 } });
    expect(await receiver.peekMessages(10)).toEqual([]);
  });
});

describe('locks', () => {
  // The SDK's auto-renewal would otherwise keep these short locks alive.
  const withoutAutoRenewal = { maxAutoLockRenewalDurationInMs: 0 };

  it('redelivers a message whose lock expired; completing it under the lost lock throws MessageLockLost', async () => {
    await send('lock-expiry', { body: 'slow', messageId: 'slow-1' });
    const receiver = subscriptionReceiver('lock-expiry', withoutAutoRenewal);

    const first = await receiveOne(receiver);
    await sleep(800);
    const second = await receiveOne(receiver);

    expect(second).toMatchObject({ messageId: 'slow-1', deliveryCount: 1 });
    await expect(receiver.completeMessage(first)).rejects.toMatchObject({ code: 'MessageLockLost' });
    await receiver.completeMessage(second);
  });

  it('extends a lock with renewMessageLock, so the message can be completed after the original expiry', async () => {
    await send('lock-renewal', { body: 'long task' });
    const receiver = subscriptionReceiver('lock-renewal', withoutAutoRenewal);
    const message = await receiveOne(receiver);
    const originalLockedUntil = message.lockedUntilUtc?.getTime() ?? 0;

    await sleep(500);
    const renewedUntil = await receiver.renewMessageLock(message);
    await sleep(700);

    expect(renewedUntil.getTime()).toBeGreaterThan(originalLockedUntil);
    expect(message.lockedUntilUtc?.getTime()).toBe(renewedUntil.getTime());
    await receiver.completeMessage(message);
    expect(await receiver.peekMessages(1)).toEqual([]);
  });
});

describe('subscribe()', () => {
  it('processes a stream of messages and completes each one', async () => {
    const sent = Array.from({ length: 25 }, (_, index) => `event-${index}`);
    const messages = sent.map((body) => ({ body }));
    await send('subscribe', messages);
    const receiver = subscriptionReceiver('subscribe');
    const processed: string[] = [];

    const subscription = receiver.subscribe({
      processMessage: async (message) => void processed.push(message.body),
      processError: async () => {},
    });
    await until(() => processed.length === sent.length);
    await subscription.close();

    expect(processed).toEqual(sent);
    expect(await receiver.peekMessages(10)).toEqual([]);
  });

  it('abandons a message whose handler throws, so it comes back with a higher delivery count', async () => {
    await send('subscribe-error', { body: 'flaky', messageId: 'flaky-1' });
    const receiver = subscriptionReceiver('subscribe-error');
    const deliveryCounts: (number | undefined)[] = [];
    const errors: string[] = [];

    const subscription = receiver.subscribe({
      processMessage: async (message) => {
        deliveryCounts.push(message.deliveryCount);
        if (deliveryCounts.length === 1) throw new Error('projection failed');
      },
      processError: async ({ error }) => void errors.push(error.message),
    });
    await until(() => deliveryCounts.length === 2);
    await subscription.close();

    expect(deliveryCounts).toEqual([0, 1]);
    expect(errors).toContain('projection failed');
    expect(await receiver.peekMessages(10)).toEqual([]);
  });
});

describe('receiving', () => {
  it('removes messages received in receive-and-delete mode without settlement', async () => {
    await send('receive-and-delete', [{ body: 1 }, { body: 2 }, { body: 3 }]);
    const receiver = client.createReceiver('receive-and-delete', receiveAndDelete());

    const received = await receiveAll(receiver, 3);

    expect(bodies(received)).toEqual([1, 2, 3]);
    expect(received.every((message) => message.lockToken === undefined)).toBe(true);
    expect(await receiver.peekMessages(10)).toEqual([]);
  });

  it('answers the drain that ends receiveMessages, so asking for more than is there returns promptly', async () => {
    await send('drain', [{ body: 'x' }, { body: 'y' }]);
    const receiver = client.createReceiver('drain');

    // In peek-lock the SDK stops waiting 1 s after the first message, then drains.
    const started = Date.now();
    const received = await receiver.receiveMessages(10, { maxWaitTimeInMs: 10_000 });
    const elapsed = Date.now() - started;
    const emptyStarted = Date.now();
    const none = await receiver.receiveMessages(10, { maxWaitTimeInMs: 200 });
    const emptyElapsed = Date.now() - emptyStarted;

    expect(bodies(received)).toEqual(['x', 'y']);
    // An unanswered drain adds another second before the SDK gives up on it and closes the link.
    expect(elapsed).toBeLessThan(1_600);
    expect(none).toEqual([]);
    expect(emptyElapsed).toBeLessThan(1_000);
  });

  it('peeks messages in sequence order without locking them, and an empty subscription peeks []', async () => {
    const receiver = subscriptionReceiver('peek');
    expect(await receiver.peekMessages(5)).toEqual([]);
    await send('peek', [{ body: 'p1' }, { body: 'p2' }, { body: 'p3' }]);

    const peeked = await receiver.peekMessages(10);
    const received = await receiveAll(receiver, 3);

    expect(bodies(peeked)).toEqual(['p1', 'p2', 'p3']);
    const sequenceNumbers = peeked.map((message) => message.sequenceNumber?.toNumber() ?? 0);
    expect(sequenceNumbers).toEqual([...sequenceNumbers].sort((a, b) => a - b));
    expect(peeked.every((message) => message.lockToken === undefined)).toBe(true);
    expect(bodies(received)).toEqual(['p1', 'p2', 'p3']);
    expect(received.map((message) => message.deliveryCount)).toEqual([0, 0, 0]);
  });
});

describe('duplicate detection', () => {
  it('drops a message id repeated within the window, and delivers it again once the window has passed', async () => {
    await send('short-window', { body: 'first', messageId: 'same-id' });
    await send('short-window', { body: 'duplicate', messageId: 'same-id' });
    await send('short-window', { body: 'other', messageId: 'other-id' });
    await sleep(400);
    await send('short-window', { body: 'after the window', messageId: 'same-id' });

    const received = await receiveAll(subscriptionReceiver('short-window', receiveAndDelete()), 3);

    expect(bodies(received)).toEqual(['first', 'other', 'after the window']);
  });
});

describe('throughput', () => {
  // sendMessages([...]) travels as one batch transfer.
  const sendInBatches = async (topic: string, from: number, count: number): Promise<void> => {
    const sender = client.createSender(topic);
    for (let start = from; start < from + count; start += 100) {
      const size = Math.min(100, from + count - start);
      const messages = Array.from({ length: size }, (_, offset) => ({ body: { index: start + offset } }));
      await sender.sendMessages(messages);
    }
  };

  const receiveAndComplete = async (receiver: ServiceBusReceiver, count: number): Promise<number[]> => {
    const received: number[] = [];
    while (received.length < count) {
      const messages = await receiver.receiveMessages(250, { maxWaitTimeInMs: 3_000 });
      if (messages.length === 0) break;
      await Promise.all(messages.map((message) => receiver.completeMessage(message)));
      received.push(...messages.map((message) => (message.body as { index: number }).index));
    }
    return received;
  };

  it('sends 1,000 messages in batches and receives them all, then keeps going past 2,048 on one link', async () => {
    const receiver = subscriptionReceiver('throughput');
    const started = performance.now();

    await sendInBatches('throughput', 0, 1_000);
    const received = await receiveAndComplete(receiver, 1_000);
    const elapsed = performance.now() - started;

    console.info(`Service Bus emulator: 1000 messages sent and received in ${Math.round(elapsed)} ms`);
    expect(received).toEqual(Array.from({ length: 1_000 }, (_, index) => index));
    // Same receiver, same link: rhea would stall it after 2,048 deliveries settled but never forgotten.
    await sendInBatches('throughput', 1_000, 1_100);
    expect(await receiveAndComplete(receiver, 1_100)).toHaveLength(1_100);
    expect(await receiver.peekMessages(1)).toEqual([]);
  });
});

describe('lifecycle', () => {
  it('refuses to start on a port already in use, naming the port', async () => {
    await expect(startServiceBusEmulator({ port: emulator.port })).rejects.toThrow(
      `Service Bus emulator: port ${emulator.port} is already in use`,
    );
  });

  it('closes promptly while SDK clients are still connected, and frees its port', async () => {
    const own = await startServiceBusEmulator({ port: 0, queues: [{ name: 'q' }] });
    const connected = new ServiceBusClient(own.connectionString);
    await connected.createSender('q').sendMessages({ body: 'still connected' });
    expect(await connected.createReceiver('q').peekMessages(1)).toHaveLength(1);

    const started = Date.now();
    await own.close();
    const elapsed = Date.now() - started;

    expect(elapsed).toBeLessThan(1_000);
    expect(await isPortFree(own.port)).toBe(true);
    await connected.close();
  });
});
