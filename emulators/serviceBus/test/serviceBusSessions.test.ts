// Sessions through the official SDK: acceptSession and acceptNextSession on session-enabled queues and
// subscriptions, per-session order, one receiver per session, session state, lock renewal and expiry, and
// the refusals Service Bus gives (no session id, a plain receiver on a session entity, and the reverse).
import { ServiceBusClient } from '@azure/service-bus';
import { describe, expect, it } from 'vitest';
import { bodies, peekAll, receiveAll, sleep, useServiceBusEmulator } from './serviceBusHarness.js';

const sessionQueues = [
  'ordered',
  'locked',
  'state',
  'renewal',
  'next',
  'waiting',
  'refusals',
  'peek-session',
];
const harness = useServiceBusEmulator({
  queues: [
    ...sessionQueues.map((name) => ({ name, requiresSession: true })),
    { name: 'expiring', requiresSession: true, lockDurationInMs: 400 },
    { name: 'no-sessions' },
  ],
  topics: [
    {
      name: 'session-topic',
      subscriptions: [{ name: 'sessions', requiresSession: true }, { name: 'plain' }],
    },
  ],
});
const noAutoRenewal = { maxAutoLockRenewalDurationInMs: 0 };

describe('session receivers', () => {
  it('delivers a session its own messages, in order, to the receiver that accepted it', async () => {
    await harness
      .client()
      .createSender('ordered')
      .sendMessages(['a1', 'b1', 'a2', 'b2', 'a3'].map((body) => ({ body, sessionId: body[0] })));

    const a = await harness.client().acceptSession('ordered', 'a');
    const received = await receiveAll(a, 3);
    await Promise.all(received.map((message) => a.completeMessage(message)));

    expect(bodies(received)).toEqual(['a1', 'a2', 'a3']);
    expect(received.every((message) => message.sessionId === 'a')).toBe(true);
    expect(a.sessionLockedUntilUtc?.getTime()).toBeGreaterThan(Date.now());
    await a.close();
    const b = await harness.client().acceptNextSession('ordered');
    expect(b.sessionId).toBe('b');
    expect(bodies(await receiveAll(b, 2))).toEqual(['b1', 'b2']);
  });

  it('locks a session to one receiver until it closes', async () => {
    await harness.client().createSender('locked').sendMessages({ body: 'x', sessionId: 'only' });
    const first = await harness.client().acceptSession('locked', 'only');

    await expect(harness.client().acceptSession('locked', 'only')).rejects.toMatchObject({
      code: 'SessionCannotBeLocked',
    });
    await first.close();
    const second = await harness.client().acceptSession('locked', 'only');
    expect(bodies(await receiveAll(second, 1))).toEqual(['x']);
  });

  it('keeps session state between receivers', async () => {
    await harness.client().createSender('state').sendMessages({ body: 'x', sessionId: 'cart-1' });
    const first = await harness.client().acceptSession('state', 'cart-1');
    expect(await first.getSessionState()).toBeNull();
    await first.setSessionState(JSON.stringify({ step: 2 }));
    await first.close();

    const second = await harness.client().acceptSession('state', 'cart-1');
    expect(JSON.parse(String(await second.getSessionState()))).toEqual({ step: 2 });
  });

  it('renews a session lock with renewSessionLock', async () => {
    await harness.client().createSender('renewal').sendMessages({ body: 'x', sessionId: 'r' });
    const receiver = await harness.client().acceptSession('renewal', 'r', noAutoRenewal);
    const before = receiver.sessionLockedUntilUtc?.getTime() ?? 0;
    await sleep(20);

    const renewed = await receiver.renewSessionLock();

    expect(renewed.getTime()).toBeGreaterThan(before);
    expect(receiver.sessionLockedUntilUtc?.getTime()).toBe(renewed.getTime());
  });

  it('frees a session whose lock expires, and its unsettled messages come round again', async () => {
    await harness.client().createSender('expiring').sendMessages({ body: 'slow', sessionId: 'e' });
    const first = await harness.client().acceptSession('expiring', 'e', noAutoRenewal);
    const [message] = await receiveAll(first, 1);
    await sleep(700);

    await expect(first.completeMessage(message as NonNullable<typeof message>)).rejects.toMatchObject({
      code: 'SessionLockLost',
    });
    const second = await harness.client().acceptSession('expiring', 'e', noAutoRenewal);
    const [again] = await receiveAll(second, 1);
    expect(again).toMatchObject({ body: 'slow', deliveryCount: 1 });
    await second.completeMessage(again as NonNullable<typeof again>);
  });

  it('acceptNextSession waits for a session to arrive, and times out when none does', async () => {
    const waiting = harness.client().acceptNextSession('waiting');
    await sleep(100);
    await harness.client().createSender('waiting').sendMessages({ body: 'late', sessionId: 'w' });
    expect((await waiting).sessionId).toBe('w');

    const impatient = new ServiceBusClient(harness.emulator().connectionString, {
      retryOptions: { timeoutInMs: 1_500, maxRetries: 0 },
    });
    await expect(impatient.acceptNextSession('next')).rejects.toMatchObject({
      code: 'ServiceTimeout',
      message: expect.stringMatching(/No unlocked session with messages became available/),
    });
    await impatient.close();
  });

  it('receives a session-enabled subscription through a session receiver', async () => {
    await harness.client().createSender('session-topic').sendMessages({ body: 'to both', sessionId: 't' });
    const sessions = await harness.client().acceptSession('session-topic', 'sessions', 't');
    expect(bodies(await receiveAll(sessions, 1))).toEqual(['to both']);
    const plain = harness.client().createReceiver('session-topic', 'plain');
    expect(bodies(await receiveAll(plain, 1))).toEqual(['to both']);
  });

  it('peeks only the accepted session', async () => {
    await harness
      .client()
      .createSender('peek-session')
      .sendMessages([
        { body: 'p1', sessionId: 'p' },
        { body: 'q1', sessionId: 'q' },
      ]);
    const receiver = await harness.client().acceptSession('peek-session', 'q');
    expect(bodies(await receiver.peekMessages(10))).toEqual(['q1']);
    expect(bodies(await peekAll(harness.client().createReceiver('no-sessions')))).toEqual([]);
  });
});

describe('refusals', () => {
  it('refuses a message without a session id on a session-enabled queue or subscription', async () => {
    const noSessionId = /The SessionId was not set on a message/;
    await expect(harness.client().createSender('refusals').sendMessages({ body: 'x' })).rejects.toThrow(
      noSessionId,
    );
    await expect(harness.client().createSender('session-topic').sendMessages({ body: 'x' })).rejects.toThrow(
      noSessionId,
    );
  });

  it('refuses a plain receiver on a session entity, and a session receiver on a plain one', async () => {
    const plain = harness.client().createReceiver('refusals');
    await expect(plain.receiveMessages(1, { maxWaitTimeInMs: 500 })).rejects.toThrow(/requires sessions/);
    await expect(harness.client().acceptSession('no-sessions', 'x')).rejects.toThrow(
      /does not require sessions/,
    );
  });

  it('ignores the session id of a message sent to an entity without sessions', async () => {
    await harness.client().createSender('no-sessions').sendMessages({ body: 'kept', sessionId: 'stream-1' });
    const [received] = await receiveAll(harness.client().createReceiver('no-sessions'), 1);
    expect(received).toMatchObject({ body: 'kept', sessionId: 'stream-1' });
  });
});
