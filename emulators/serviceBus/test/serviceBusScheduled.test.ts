// Scheduled messages through the official SDK: scheduleMessages and its sequence numbers, delivery at the
// scheduled time (to a queue, and to every subscription of a topic), cancellation, scheduledEnqueueTimeUtc on
// a plain send, peek showing scheduled messages, and duplicate detection of a deterministic message id.
import { describe, expect, it } from 'vitest';
import {
  bodies,
  peekAll,
  receiveAll,
  receiveAndDelete,
  sleep,
  useServiceBusEmulator,
} from './serviceBusHarness.js';

const queues = ['scheduled', 'cancelled', 'scheduled-send', 'scheduled-peek', 'scheduled-duplicates'];
const harness = useServiceBusEmulator({
  queues: queues.map((name) => ({ name })),
  topics: [
    { name: 'scheduled-topic', subscriptions: [{ name: 'audit' }, { name: 'billing' }] },
    {
      name: 'scheduled-filtered',
      subscriptions: [
        { name: 'all' },
        { name: 'red', rules: [{ name: 'red', filter: { sql: "color = 'red'" } }] },
      ],
    },
  ],
});
const inAnHour = () => new Date(Date.now() + 3_600_000);
const soon = () => new Date(Date.now() + 300);

describe('scheduleMessages', () => {
  it('returns sequence numbers, holds the messages until their time, then delivers them under those numbers', async () => {
    const sender = harness.client().createSender('scheduled');
    const at = soon();
    const sequenceNumbers = await sender.scheduleMessages([{ body: 'a' }, { body: 'b' }], at);
    const receiver = harness.client().createReceiver('scheduled', receiveAndDelete());

    const received = await receiveAll(receiver, 2);

    expect(bodies(received)).toEqual(['a', 'b']);
    expect(received.map((message) => message.sequenceNumber?.toNumber())).toEqual(
      sequenceNumbers.map((sequenceNumber) => sequenceNumber.toNumber()),
    );
    expect(received[0]?.scheduledEnqueueTimeUtc?.getTime()).toBe(at.getTime());
    // Held until then: a message released at once would have been enqueued when it was scheduled.
    expect(received[0]?.enqueuedTimeUtc?.getTime()).toBeGreaterThanOrEqual(at.getTime());
  });

  it('delivers a message scheduled on a topic to every subscription once it is due', async () => {
    const sequenceNumbers = await harness
      .client()
      .createSender('scheduled-topic')
      .scheduleMessages({ body: 'fan' }, soon());
    for (const name of ['audit', 'billing']) {
      const receiver = harness.client().createReceiver('scheduled-topic', name, receiveAndDelete());
      const [received] = await receiveAll(receiver, 1);
      expect(received).toMatchObject({ body: 'fan' });
      expect(received?.sequenceNumber?.toNumber()).toBe(sequenceNumbers[0]?.toNumber());
    }
  });

  it('delivers a due message of a topic only to the subscriptions whose rules accept it', async () => {
    const sender = harness.client().createSender('scheduled-filtered');
    await sender.scheduleMessages({ body: 'blue', applicationProperties: { color: 'blue' } }, soon());
    const all = harness.client().createReceiver('scheduled-filtered', 'all', receiveAndDelete());
    const red = harness.client().createReceiver('scheduled-filtered', 'red', receiveAndDelete());

    expect(bodies(await receiveAll(all, 1))).toEqual(['blue']);
    expect(await red.receiveMessages(1, { maxWaitTimeInMs: 100 })).toEqual([]);
  });

  it('cancelScheduledMessages removes messages before they are due', async () => {
    const sender = harness.client().createSender('cancelled');
    const [later] = await sender.scheduleMessages({ body: 'later' }, inAnHour());
    // Due in a second: cancelled well before, then waited past its time to see it never comes.
    const [shortly] = await sender.scheduleMessages({ body: 'shortly' }, new Date(Date.now() + 1_000));
    const receiver = harness.client().createReceiver('cancelled', receiveAndDelete());
    expect(bodies(await peekAll(receiver))).toEqual(['later', 'shortly']);

    await sender.cancelScheduledMessages([later, shortly].filter((n) => n !== undefined));
    await sleep(1_300);

    expect(await peekAll(receiver)).toEqual([]);
    expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 100 })).toEqual([]);
  });

  it('treats sendMessages with scheduledEnqueueTimeUtc as scheduling', async () => {
    const at = soon();
    await harness
      .client()
      .createSender('scheduled-send')
      .sendMessages([
        { body: 'timed', scheduledEnqueueTimeUtc: at },
        { body: 'much later', scheduledEnqueueTimeUtc: inAnHour() },
      ]);
    const receiver = harness.client().createReceiver('scheduled-send', receiveAndDelete());

    expect((await peekAll(receiver)).at(-1)).toMatchObject({ body: 'much later', state: 'scheduled' });
    const [received] = await receiveAll(receiver, 1);

    expect(received).toMatchObject({ body: 'timed', state: 'active' });
    expect(received?.enqueuedTimeUtc?.getTime()).toBeGreaterThanOrEqual(at.getTime());
  });
});

describe('peek and duplicate detection', () => {
  it('peeks scheduled messages of a queue with state scheduled, in sequence order with active ones', async () => {
    const sender = harness.client().createSender('scheduled-peek');
    await sender.scheduleMessages({ body: 'scheduled' }, inAnHour());
    await sender.sendMessages({ body: 'active' });

    const peeked = await peekAll(harness.client().createReceiver('scheduled-peek'));

    expect(peeked.map((message) => [message.body, message.state])).toEqual([
      ['scheduled', 'scheduled'],
      ['active', 'active'],
    ]);
  });

  it('does not peek a topic scheduled message in its subscriptions, as Service Bus does', async () => {
    await harness.client().createSender('scheduled-topic').scheduleMessages({ body: 'held' }, inAnHour());
    expect(await peekAll(harness.client().createReceiver('scheduled-topic', 'audit'))).toEqual([]);
  });

  it('drops a repeated deterministic message id, answering the first schedule sequence number', async () => {
    const sender = harness.client().createSender('scheduled-duplicates');
    const timer = { body: 'timer', messageId: 'transfer-1/approval-timeout' };
    const [first] = await sender.scheduleMessages(timer, inAnHour());
    const [second] = await sender.scheduleMessages({ ...timer, body: 'again' }, inAnHour());
    const receiver = harness.client().createReceiver('scheduled-duplicates');

    expect(second?.toNumber()).toBe(first?.toNumber());
    expect(bodies(await peekAll(receiver))).toEqual(['timer']);
    await sender.cancelScheduledMessages(second ? [second] : []);
    expect(await peekAll(receiver)).toEqual([]);
  });
});
