// Deferral and peek options through the official SDK: deferMessage keeps a message out of normal receives,
// receiveDeferredMessages hands it back locked (to complete, abandon, dead-letter), unknown sequence numbers
// are MessageNotFound, and peek shows deferred messages and honours omitMessageBody.
import { describe, expect, it } from 'vitest';
import { bodies, peekAll, receiveOne, useServiceBusEmulator } from './serviceBusHarness.js';

const queues = ['deferred', 'deferred-abandon', 'deferred-dead-letter', 'deferred-missing', 'omit-body'];
const harness = useServiceBusEmulator({
  queues: queues.map((name) => ({ name, maxDeliveryCount: 3 })),
  topics: [{ name: 'deferred-topic', subscriptions: [{ name: 'sub' }] }],
});

const deferOne = async (entity: string, body: string, subscription?: string) => {
  const client = harness.client();
  await client.createSender(entity).sendMessages({ body, messageId: `${entity}-1` });
  const receiver = subscription ? client.createReceiver(entity, subscription) : client.createReceiver(entity);
  const message = await receiveOne(receiver);
  await receiver.deferMessage(message);
  return { receiver, sequenceNumber: message.sequenceNumber };
};

describe('deferral', () => {
  it('keeps a deferred message from normal receives and hands it back, locked, by sequence number', async () => {
    const { receiver, sequenceNumber } = await deferOne('deferred', 'later');
    await harness.client().createSender('deferred').sendMessages({ body: 'next' });

    const next = await receiveOne(receiver);
    expect(next.body).toBe('next');
    await receiver.completeMessage(next);
    expect((await peekAll(receiver)).map((message) => [message.body, message.state])).toEqual([
      ['later', 'deferred'],
    ]);

    const [deferred] = await receiver.receiveDeferredMessages(sequenceNumber ? [sequenceNumber] : []);
    expect(deferred).toMatchObject({ body: 'later', state: 'deferred' });
    expect(deferred?.lockToken).toBeDefined();
    await receiver.completeMessage(deferred as NonNullable<typeof deferred>);
    expect(await peekAll(receiver)).toEqual([]);
  });

  it('keeps an abandoned deferred message deferred, counting the failed delivery', async () => {
    const { receiver, sequenceNumber } = await deferOne('deferred-abandon', 'retry');
    const numbers = sequenceNumber ? [sequenceNumber] : [];

    const [first] = await receiver.receiveDeferredMessages(numbers);
    await receiver.abandonMessage(first as NonNullable<typeof first>);
    const [second] = await receiver.receiveDeferredMessages(numbers);

    expect([first?.deliveryCount, second?.deliveryCount]).toEqual([0, 1]);
    expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 100 })).toEqual([]);
    await receiver.completeMessage(second as NonNullable<typeof second>);
  });

  it('dead-letters a deferred message received by sequence number', async () => {
    const { receiver, sequenceNumber } = await deferOne('deferred-dead-letter', 'poison');
    const [deferred] = await receiver.receiveDeferredMessages(sequenceNumber ? [sequenceNumber] : []);

    await receiver.deadLetterMessage(deferred as NonNullable<typeof deferred>, {
      deadLetterReason: 'Bad',
      deadLetterErrorDescription: 'cannot be parsed',
    });

    const deadLetters = harness
      .client()
      .createReceiver('deferred-dead-letter', { subQueueType: 'deadLetter' });
    expect(await receiveOne(deadLetters)).toMatchObject({ body: 'poison', deadLetterReason: 'Bad' });
    expect(await peekAll(receiver)).toEqual([]);
  });

  it('defers on a subscription too', async () => {
    const { receiver, sequenceNumber } = await deferOne('deferred-topic', 'sub-later', 'sub');
    const [deferred] = await receiver.receiveDeferredMessages(sequenceNumber ? [sequenceNumber] : []);
    expect(deferred?.body).toBe('sub-later');
  });

  it('answers MessageNotFound for a sequence number that is not deferred', async () => {
    const { receiver, sequenceNumber } = await deferOne('deferred-missing', 'x');
    const missing = sequenceNumber?.add(1000);

    await expect(receiver.receiveDeferredMessages(missing ? [missing] : [])).rejects.toMatchObject({
      code: 'MessageNotFound',
    });
  });
});

describe('peek with omitMessageBody', () => {
  it('returns the messages and their properties without their bodies', async () => {
    await harness
      .client()
      .createSender('omit-body')
      .sendMessages([
        { body: { large: 'x'.repeat(1000) }, messageId: 'm-1', subject: 'first' },
        { body: 'second', messageId: 'm-2' },
      ]);
    const receiver = harness.client().createReceiver('omit-body');

    const withoutBodies = await peekAll(receiver, { omitMessageBody: true });
    const withBodies = await peekAll(receiver);

    expect(withoutBodies.map((message) => [message.messageId, message.body ?? 'no body'])).toEqual([
      ['m-1', 'no body'],
      ['m-2', 'no body'],
    ]);
    expect(withoutBodies[0]?.subject).toBe('first');
    expect(bodies(withBodies)).toEqual([{ large: 'x'.repeat(1000) }, 'second']);
  });
});
