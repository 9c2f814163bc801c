// The scripted probe of issue 12: every Service Bus operation that people's tools were found to need, walked
// through the official @azure/service-bus SDK (ServiceBusClient and ServiceBusAdministrationClient) against
// the emulators started by their CLI, as a user starts them. The compatibility table in emulators/README.md
// names these tests (compatibilityTable.test.ts checks that it does).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ServiceBusAdministrationClient, ServiceBusClient } from '@azure/service-bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliProcess, type Ready, runCli } from '../../test/cliProcess.js';
import { bodies, peekAll, receiveAll, receiveAndDelete } from './serviceBusHarness.js';

let cli: CliProcess;
let ready: Ready;
let client: ServiceBusClient;
let admin: ServiceBusAdministrationClient;
const inAnHour = () => new Date(Date.now() + 3_600_000);
const all = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const found: T[] = [];
  for await (const item of items) found.push(item);
  return found;
};

beforeAll(async () => {
  cli = runCli(['--ports', 'free', '--no-summary']);
  ready = await cli.ready;
  client = new ServiceBusClient(ready.connectionStrings.serviceBus);
  admin = new ServiceBusAdministrationClient(ready.connectionStrings.serviceBus, {
    tlsOptions: { ca: readFileSync(ready.serviceBusCertificate, 'utf8') },
  });
  // Everything the probe uses is made through the administration API, as a tool would.
  await admin.createTopic('probe');
  await admin.createSubscription('probe', 'all');
  await admin.createQueue('probe-queue');
  await admin.createQueue('probe-sessions', { requiresSession: true });
});
afterAll(async () => {
  await client?.close();
  if (cli.child.exitCode === null) cli.child.kill('SIGTERM');
  await cli.exited;
});

describe('administration client', () => {
  it('admin: connects over HTTPS, trusting the certificate through NODE_EXTRA_CA_CERTS', () => {
    const script = `import { ServiceBusAdministrationClient } from '@azure/service-bus';
      const admin = new ServiceBusAdministrationClient(process.env.CONNECTION);
      const topic = await admin.getTopic('probe');
      process.stdout.write(topic.name);`;
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      env: {
        ...process.env,
        CONNECTION: ready.connectionStrings.serviceBus,
        NODE_EXTRA_CA_CERTS: ready.serviceBusCertificate,
      },
      encoding: 'utf8',
    });
    expect(output).toBe('probe');
  });

  it('admin: creates, gets and lists topics', async () => {
    await admin.createTopic('probe-topic', { requiresDuplicateDetection: true });
    expect(await admin.getTopic('probe-topic')).toMatchObject({
      name: 'probe-topic',
      requiresDuplicateDetection: true,
    });
    expect((await all(admin.listTopics())).map((topic) => topic.name)).toEqual(
      expect.arrayContaining(['probe', 'probe-topic']),
    );
  });

  it('admin: creates, gets and lists subscriptions', async () => {
    await admin.createSubscription('probe', 'probe-sub', { lockDuration: 'PT45S', maxDeliveryCount: 5 });
    expect(await admin.getSubscription('probe', 'probe-sub')).toMatchObject({
      lockDuration: 'PT45S',
      maxDeliveryCount: 5,
    });
    expect((await all(admin.listSubscriptions('probe'))).map((found) => found.subscriptionName)).toEqual([
      'all',
      'probe-sub',
    ]);
  });

  it('admin: creates, gets and lists rules', async () => {
    await admin.createRule('probe', 'probe-sub', 'red', { sqlExpression: "color = 'red'" });
    expect(await admin.getRule('probe', 'probe-sub', 'red')).toMatchObject({
      filter: { sqlExpression: "color = 'red'" },
    });
    expect((await all(admin.listRules('probe', 'probe-sub'))).map((rule) => rule.name)).toEqual([
      '$Default',
      'red',
    ]);
  });

  it('admin: reports runtime properties with message counts', async () => {
    await client.createSender('probe-queue').sendMessages([{ body: 1 }, { body: 2 }]);
    await client.createSender('probe-queue').scheduleMessages({ body: 3 }, inAnHour());
    expect(await admin.getQueueRuntimeProperties('probe-queue')).toMatchObject({
      activeMessageCount: 2,
      scheduledMessageCount: 1,
    });
    expect(await admin.getTopicRuntimeProperties('probe')).toMatchObject({ subscriptionCount: 2 });
    expect(await admin.getSubscriptionRuntimeProperties('probe', 'all')).toMatchObject({
      activeMessageCount: 0,
    });
  });
});

describe('messaging', () => {
  it('sessions: accepts a named session and the next one, with state', async () => {
    await client.createSender('probe-sessions').sendMessages([
      { body: 'a', sessionId: 'one' },
      { body: 'b', sessionId: 'two' },
    ]);
    const one = await client.acceptSession('probe-sessions', 'one');
    expect(bodies(await receiveAll(one, 1))).toEqual(['a']);
    await one.setSessionState('seen a');
    expect(await one.getSessionState()).toBe('seen a');
    const next = await client.acceptNextSession('probe-sessions');
    expect(next.sessionId).toBe('two');
  });

  it('scheduled messages: schedules and cancels', async () => {
    const sender = client.createSender('probe');
    const [cancelled] = await sender.scheduleMessages({ body: 'cancel me' }, inAnHour());
    await sender.scheduleMessages({ body: 'due' }, new Date(Date.now() + 200));
    await sender.cancelScheduledMessages(cancelled ? [cancelled] : []);
    expect(bodies(await receiveAll(client.createReceiver('probe', 'all', receiveAndDelete()), 1))).toEqual([
      'due',
    ]);
    expect(await admin.getTopicRuntimeProperties('probe')).toMatchObject({ scheduledMessageCount: 0 });
  });

  it('deferral: defers and receives deferred messages', async () => {
    await client.createSender('probe-queue').sendMessages({ body: 'defer me', messageId: 'deferred' });
    const receiver = client.createReceiver('probe-queue');
    const messages = await receiveAll(receiver, 3);
    const target = messages.find((message) => message.messageId === 'deferred') as (typeof messages)[number];
    await receiver.deferMessage(target);
    const [deferred] = await receiver.receiveDeferredMessages(
      target.sequenceNumber ? [target.sequenceNumber] : [],
    );
    expect(deferred).toMatchObject({ body: 'defer me', state: 'deferred' });
  });

  it('rules: routes by SQL and correlation filters', async () => {
    await admin.createTopic('probe-rules');
    await admin.createSubscription('probe-rules', 'filtered', {
      defaultRuleOptions: { name: 'red', filter: { sqlExpression: "color = 'red'" } },
    });
    const rules = client.createRuleManager('probe-rules', 'filtered');
    await rules.createRule('vip', { correlationId: 'vip' });
    await client.createSender('probe-rules').sendMessages([
      { body: 'red', applicationProperties: { color: 'red' } },
      { body: 'blue', applicationProperties: { color: 'blue' } },
      { body: 'vip', correlationId: 'vip' },
    ]);
    expect(
      bodies(await receiveAll(client.createReceiver('probe-rules', 'filtered', receiveAndDelete()), 2)),
    ).toEqual(['red', 'vip']);
  });

  it('peek: omits message bodies when asked', async () => {
    await client.createSender('probe-topic').sendMessages({ body: 'not shown' });
    await admin.createSubscription('probe-topic', 'late');
    await client.createSender('probe-topic').sendMessages({ body: 'hidden', messageId: 'peeked' });
    const [peeked] = await peekAll(client.createReceiver('probe-topic', 'late'), { omitMessageBody: true });
    expect(peeked?.messageId).toBe('peeked');
    expect(peeked?.body ?? 'no body').toBe('no body');
  });
});
