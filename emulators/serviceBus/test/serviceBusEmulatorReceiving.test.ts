// The Service Bus emulator through the official SDK: receiving modes, drain, peek, duplicate detection, throughput and lifecycle.
import { ServiceBusClient, type ServiceBusReceiver } from '@azure/service-bus';
import { describe, expect, it } from 'vitest';
import { isPortFree } from '../../ports.js';
import { startServiceBusEmulator } from '../index.js';
import { bodies, receiveAll, receiveAndDelete, sleep, useServiceBusEmulator } from './serviceBusHarness.js';

const harness = useServiceBusEmulator();
const subscriptionReceiver = harness.subscriptionReceiver;
const send = harness.send;

describe('receiving', () => {
  it('removes messages received in receive-and-delete mode without settlement', async () => {
    await send('receive-and-delete', [{ body: 1 }, { body: 2 }, { body: 3 }]);
    const receiver = harness.client().createReceiver('receive-and-delete', receiveAndDelete());

    const received = await receiveAll(receiver, 3);

    expect(bodies(received)).toEqual([1, 2, 3]);
    expect(received.every((message) => message.lockToken === undefined)).toBe(true);
    expect(await receiver.peekMessages(10)).toEqual([]);
  });

  it('answers the drain that ends receiveMessages, so asking for more than is there returns promptly', async () => {
    await send('drain', [{ body: 'x' }, { body: 'y' }]);
    const receiver = harness.client().createReceiver('drain');

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
    const sender = harness.client().createSender(topic);
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
    await expect(startServiceBusEmulator({ port: harness.emulator().port })).rejects.toThrow(
      `Service Bus emulator: port ${harness.emulator().port} is already in use`,
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

    // Not a speed target: a close that waited for its clients would take the SDK's minute-long timeouts.
    expect(elapsed).toBeLessThan(5_000);
    expect(await isPortFree(own.port)).toBe(true);
    await connected.close();
  });
});
