// Persistence through the CLI and the official SDK: with --persist, the emulators are killed (SIGKILL) in the
// middle of a stream of sends and completions, restarted on the same port and folder, and every message whose
// send was acknowledged is still there unless its completion was acknowledged; entities and rules made at
// run time, scheduled, deferred and dead-lettered messages, session state, duplicate detection history and
// sequence numbers all survive too.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceBusAdministrationClient, ServiceBusClient } from '@azure/service-bus';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { EmulatorPorts } from '../../start.js';
import { type CliProcess, descendants, isAlive, runCli } from '../../test/cliProcess.js';
import { startServiceBusEmulator } from '../index.js';
import { peekAll, receiveAll } from './serviceBusHarness.js';

const folder = mkdtempSync(join(tmpdir(), 'servicebus-persist-'));
const entities = join(folder, 'entities.json');
writeFileSync(
  entities,
  JSON.stringify({
    topics: [
      {
        name: 'orders',
        subscriptions: [{ name: 'big', rules: [{ name: 'big', filter: { sql: 'amount > 10' } }] }],
      },
    ],
    queues: [{ name: 'jobs' }, { name: 'carts', requiresSession: true }],
  }),
);
const portFlags: Record<string, string> = {
  blob: 'blob-port',
  queue: 'queue-port',
  table: 'table-port',
  file: 'file-port',
  serviceBus: 'service-bus-port',
};
const running: CliProcess[] = [];
afterAll(() => {
  for (const cli of running) if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
});

/** On free ports the first time; on the same ones (`ports`) after the kill. */
const start = async (ports?: EmulatorPorts) => {
  const fixed = Object.entries(ports ?? {}).flatMap(([service, port]) => [
    `--${portFlags[service]}`,
    String(port),
  ]);
  const cli = runCli([
    '--ports',
    'free',
    '--persist',
    folder,
    '--entities',
    entities,
    '--no-summary',
    ...fixed,
  ]);
  running.push(cli);
  const ready = await cli.ready;
  // Fail fast once the emulator is gone instead of retrying for minutes.
  const client = new ServiceBusClient(ready.connectionStrings.serviceBus, {
    retryOptions: { maxRetries: 0, timeoutInMs: 3_000 },
  });
  const admin = new ServiceBusAdministrationClient(ready.connectionStrings.serviceBus, {
    tlsOptions: { ca: readFileSync(ready.serviceBusCertificate, 'utf8') },
  });
  return { cli, ready, client, admin };
};

describe('the Service Bus emulator with --persist', () => {
  it('keeps everything acknowledged across kill -9 during load, and nothing whose completion was acknowledged', async () => {
    const first = await start();
    const { client, admin } = first;
    await admin.createQueue('made-at-run-time', { maxDeliveryCount: 4 });
    await client.createRuleManager('orders', 'big').createRule('vip', { sqlExpression: "tier = 'gold'" });
    const scheduler = client.createSender('jobs');
    const [kept] = await scheduler.scheduleMessages(
      { body: 'later', messageId: 'scheduled-1' },
      new Date(Date.now() + 3_600_000),
    );
    const [cancelled] = await scheduler.scheduleMessages({ body: 'never' }, new Date(Date.now() + 3_600_000));
    await scheduler.cancelScheduledMessages(cancelled ? [cancelled] : []);
    await client.createSender('made-at-run-time').sendMessages([{ body: 'deferred' }, { body: 'poison' }]);
    const side = client.createReceiver('made-at-run-time');
    const [toDefer, toDeadLetter] = await receiveAll(side, 2);
    await side.deferMessage(toDefer as NonNullable<typeof toDefer>);
    await side.deadLetterMessage(toDeadLetter as NonNullable<typeof toDeadLetter>, {
      deadLetterReason: 'Bad',
      deadLetterErrorDescription: 'x',
    });
    await client
      .createSender('orders')
      .sendMessages({ body: 'once', messageId: 'order-1', applicationProperties: { amount: 50 } });
    const cart = await client.acceptSession('carts', 'cart-1');
    await cart.setSessionState('step 2');
    await cart.close();

    const acked: string[] = [];
    /** Completions asked for: those whose answer the kill cut off may or may not have happened. */
    const attempted = new Set<string>();
    const completed = new Set<string>();
    let stop = false;
    const sending = (async () => {
      const sender = client.createSender('jobs');
      for (let n = 0; !stop; n++) {
        const ids = [`job-${n}-a`, `job-${n}-b`];
        try {
          await sender.sendMessages(ids.map((messageId) => ({ body: messageId, messageId })));
        } catch {
          return;
        }
        acked.push(...ids);
      }
    })();
    const completing = (async () => {
      const receiver = client.createReceiver('jobs');
      while (!stop) {
        try {
          for (const message of await receiver.receiveMessages(20, { maxWaitTimeInMs: 100 })) {
            attempted.add(String(message.messageId));
            await receiver.completeMessage(message);
            completed.add(String(message.messageId));
          }
        } catch {
          return;
        }
      }
    })();
    await vi.waitFor(() => expect(acked.length >= 300 && completed.size >= 50).toBe(true), {
      timeout: 20_000,
      interval: 20,
    });

    const children = descendants(first.cli.child.pid as number);
    first.cli.child.kill('SIGKILL');
    await first.cli.exited;
    stop = true;
    await Promise.all([sending, completing]);
    await vi.waitFor(() => expect(children.filter(isAlive)).toEqual([]), { timeout: 10_000 });
    const ackedAtKill = [...acked];
    const completedAtKill = new Set(completed);
    await Promise.allSettled([client.close()]);

    const second = await start(first.ready.ports);
    expect(second.ready.ports).toEqual(first.ready.ports);
    const jobs = second.client.createReceiver('jobs', { receiveMode: 'receiveAndDelete' });
    const left = new Set<string>();
    for (
      let batch = await jobs.receiveMessages(500, { maxWaitTimeInMs: 500 });
      batch.length > 0;
      batch = await jobs.receiveMessages(500, { maxWaitTimeInMs: 500 })
    ) {
      for (const message of batch) left.add(String(message.messageId));
    }
    expect(ackedAtKill.filter((id) => !attempted.has(id) && !left.has(id))).toEqual([]);
    expect([...attempted].filter((id) => !completedAtKill.has(id)).length).toBeLessThanOrEqual(1);
    expect([...completedAtKill].filter((id) => left.has(id))).toEqual([]);

    const peeked = await peekAll(second.client.createReceiver('jobs'));
    expect(
      peeked.map((message) => [message.messageId, message.state, message.sequenceNumber?.toNumber()]),
    ).toEqual([['scheduled-1', 'scheduled', kept?.toNumber()]]);
    const restarted = second.client.createReceiver('made-at-run-time');
    const [deferred] = await restarted.receiveDeferredMessages(
      toDefer?.sequenceNumber ? [toDefer.sequenceNumber] : [],
    );
    expect(deferred?.body).toBe('deferred');
    const deadLetters = second.client.createReceiver('made-at-run-time', { subQueueType: 'deadLetter' });
    expect((await receiveAll(deadLetters, 1))[0]).toMatchObject({ body: 'poison', deadLetterReason: 'Bad' });
    expect((await second.admin.getQueue('made-at-run-time')).maxDeliveryCount).toBe(4);
    expect((await second.admin.getRule('orders', 'big', 'vip')).filter).toMatchObject({
      sqlExpression: "tier = 'gold'",
    });
    expect(await (await second.client.acceptSession('carts', 'cart-1')).getSessionState()).toBe('step 2');

    await second.client.createSender('orders').sendMessages([
      { body: 'duplicate', messageId: 'order-1', applicationProperties: { amount: 50 } },
      { body: 'new', messageId: 'order-2', applicationProperties: { amount: 50 } },
    ]);
    const orders = await receiveAll(second.client.createReceiver('orders', 'big'), 2);
    expect(orders.map((message) => message.body)).toEqual(['once', 'new']);
    expect(orders[1]?.sequenceNumber?.toNumber()).toBeGreaterThan(orders[0]?.sequenceNumber?.toNumber() ?? 0);
    await second.client.close();
  }, 60_000);
});

describe('throughput with persistence', () => {
  it('sends 1,000 messages in batches and receives and completes them all, each acknowledged once on disk', async () => {
    const emulator = await startServiceBusEmulator({
      port: 0,
      persistFolder: mkdtempSync(join(tmpdir(), 'servicebus-throughput-')),
      queues: [{ name: 'q' }],
    });
    const client = new ServiceBusClient(emulator.connectionString);
    const receiver = client.createReceiver('q');
    const started = performance.now();
    const sender = client.createSender('q');
    for (let start = 0; start < 1_000; start += 100) {
      await sender.sendMessages(Array.from({ length: 100 }, (_, offset) => ({ body: start + offset })));
    }
    const received: number[] = [];
    while (received.length < 1_000) {
      const messages = await receiver.receiveMessages(250, { maxWaitTimeInMs: 3_000 });
      if (messages.length === 0) break;
      await Promise.all(messages.map((message) => receiver.completeMessage(message)));
      received.push(...messages.map((message) => message.body as number));
    }
    console.info(
      `Service Bus emulator with --persist: 1000 messages sent and received in ${Math.round(performance.now() - started)} ms`,
    );
    expect(received).toEqual(Array.from({ length: 1_000 }, (_, index) => index));
    await client.close();
    await emulator.close();
  });
});
