// The Service Bus emulator through the official SDK: publishing, settlement, locks and subscribe().
import { describe, expect, it } from 'vitest';
import {
  bodies,
  receiveAll,
  receiveAndDelete,
  receiveOne,
  sleep,
  until,
  useServiceBusEmulator,
} from './serviceBusHarness.js';

const harness = useServiceBusEmulator();
const subscriptionReceiver = harness.subscriptionReceiver;
const send = harness.send;

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
      const receiver = harness.client().createReceiver('fan-out', name);
      const received = await receiveOne(receiver);
      expect(received).toMatchObject({ ...sent, deliveryCount: 0 });
      expect(received.sequenceNumber?.toNumber()).toBeGreaterThan(0);
      expect(received.enqueuedTimeUtc).toBeInstanceOf(Date);
      await receiver.completeMessage(received);
    }
  });

  it('delivers every message of sendMessages([...]) and of a message batch, in order', async () => {
    const sender = harness.client().createSender('batches');
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
    const receiver = harness.client().createReceiver('fan-out', 'no-such-subscription');
    await expect(receiver.receiveMessages(1, { maxWaitTimeInMs: 500 })).rejects.toMatchObject(notFound);
  });

  it('delivers to a subscription added at run time the messages sent after it was added', async () => {
    await send('run-time', { body: 'before' });
    harness.emulator().addSubscription('run-time', { name: 'late' });
    await send('run-time', { body: 'after' });

    const receiver = harness.client().createReceiver('run-time', 'late', receiveAndDelete());
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
