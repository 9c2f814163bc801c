// Issue 10, item 1: what an outage longer than the retries dead-letters is not lost. The projections
// subscription's dead-letter queue is replayed through the runner (by the replayDeadLetters timer and by
// `npm run dead-letters -- replay`), handled messages leave the queue, and a message that can never be
// handled stays, reported, without the replay looping on it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import functions from '@azure/functions';
import { ServiceBusClient } from '@azure/service-bus';
import { afterAll, describe, expect, it } from 'vitest';
import { replayDeadLetters } from '../../functions/deadLetters.js';
import { getHealth } from '../../functions/health.js';
import { configurationMapFor, createTestApplication, useApplication } from '../support/application.js';
import { emulators } from '../support/emulators.js';
import { uniqueId } from '../support/envelopes.js';
import { callFunction, sendCommand } from '../support/functions.js';
import { topicName } from '../support/serviceBusTopics.js';

const topic = topicName('deadletters');
const env = { EventsTopicName: topic, ProjectionsSubscriptionName: 'projections' };
const application = useApplication(createTestApplication({ store: 'table', env }));
const bus = new ServiceBusClient(emulators().settings.ServiceBusConnection as string);
afterAll(() => bus.close());

/** Takes every message off the projections subscription and dead-letters it, as an outage would. */
async function deadLetterEverything(expected: number): Promise<string[]> {
  const receiver = bus.createReceiver(topic, 'projections');
  const ids: string[] = [];
  try {
    while (ids.length < expected) {
      for (const message of await receiver.receiveMessages(expected - ids.length, {
        maxWaitTimeInMs: 2_000,
      })) {
        await receiver.deadLetterMessage(message, {
          deadLetterReason: 'MaxDeliveryCountExceeded',
          deadLetterErrorDescription: 'dead-lettered by the test, as an outage would',
        });
        ids.push(String(message.messageId));
      }
    }
  } finally {
    await receiver.close();
  }
  return ids;
}

async function balanceOf(id: string) {
  return (await application.projections.documents.get('account-balance', id))?.document;
}

describe('item 1: the dead-letter queue of the projections subscription', () => {
  it('is replayed by the replayDeadLetters timer: documents catch up and the queue empties', async () => {
    const id = uniqueId('acc');
    await sendCommand('bank.account', id, 'open', { owner: 'Ada' });
    await sendCommand('bank.account', id, 'deposit', { amount: 30 });
    await application.messaging.publication.flush();
    await deadLetterEverything(2);
    const [queue] = application.deadLetters;
    expect((await queue?.peek())?.map((message) => message.reason)).toEqual([
      'MaxDeliveryCountExceeded',
      'MaxDeliveryCountExceeded',
    ]);
    expect(await balanceOf(id)).toBeUndefined();
    const health = await callFunction(getHealth, { url: 'http://localhost:7071/api/health' });
    expect(health.json.deadLetters).toEqual([
      expect.objectContaining({
        subscription: 'projections',
        count: 2,
        hint: expect.stringContaining('npm run dead-letters'),
      }),
      { subscription: 'workflows', count: 0 },
    ]);

    await replayDeadLetters({ isPastDue: false } as never, new functions.InvocationContext());

    expect(await balanceOf(id)).toMatchObject({ asOfVersion: 2, state: { balance: 30, deposits: 1 } });
    expect(await queue?.peek()).toEqual([]);
  });

  it('leaves a message that can never be handled in the queue, reported, and still replays the others', async () => {
    const sender = bus.createSender(topic);
    await sender.sendMessages({ body: { not: 'an event' }, messageId: uniqueId('poison') });
    await sender.close();
    const id = uniqueId('acc');
    await sendCommand('bank.account', id, 'open', { owner: 'Bo' });
    await application.messaging.publication.flush();
    await deadLetterEverything(2);

    const report = await application.deadLetters[0]?.replay();

    expect(report).toEqual({ replayed: 1, failed: 1, stoppedByTransientFailure: false });
    expect(await balanceOf(id)).toMatchObject({ asOfVersion: 1 });
    const left = (await application.deadLetters[0]?.peek()) ?? [];
    expect(left).toHaveLength(1);
    // Clean up for the next test: the poison message is the operator's to remove.
    const receiver = bus.createReceiver(topic, 'projections', { subQueueType: 'deadLetter' });
    for (const message of await receiver.receiveMessages(10, { maxWaitTimeInMs: 1_000 }))
      await receiver.completeMessage(message);
    await receiver.close();
  });

  it('is listed and replayed by `npm run dead-letters`', async () => {
    const id = uniqueId('acc');
    await sendCommand('bank.account', id, 'open', { owner: 'Cy' });
    await application.messaging.publication.flush();
    const [messageId] = await deadLetterEverything(1);
    const script = fileURLToPath(new URL('../../dist/scripts/deadLetters.js', import.meta.url));
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [script, ...args], {
        encoding: 'utf8',
        env: {
          ...process.env,
          ...emulators().settings,
          ...env,
          ConfigurationMap: configurationMapFor('table'),
        },
      });

    const listed = run('list');
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain(String(messageId));
    expect(listed.stdout).toContain('MaxDeliveryCountExceeded');

    const replayed = run('replay');
    expect(replayed.stdout).toContain('Replayed 1 message(s) of projections; 0 failed for good');
    expect(replayed.status).toBe(0);
    expect(await balanceOf(id)).toMatchObject({ asOfVersion: 1 });
    expect(run('list').stderr).toContain('0 message(s) in the dead-letter queue');
  });
});
