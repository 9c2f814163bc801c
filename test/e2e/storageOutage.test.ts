// Issue 10, item 1 (acceptance): storage goes away for longer than the projections subscription's delivery
// budget while commands keep arriving at 20 a second, then comes back. With no manual step, the projections
// converge to the streams (a rebuild finds nothing to change) and no message is left dead-lettered.
// The outage lasts OUTAGE_SECONDS (default 20 s, already far beyond the seconds in which the old runner spent a
// message's ten deliveries; run it with OUTAGE_SECONDS=60 for the figure).
import { ServiceBusClient } from '@azure/service-bus';
import { afterAll, describe, expect, it } from 'vitest';
import { soakMap } from '../../bench/rebuildSoak.js';
import { storageConnectionString } from '../../emulators/azurite/index.js';
import { emulators } from '../support/emulators.js';
import { uniqueId } from '../support/envelopes.js';
import { startFaultyProxy } from '../support/faultyProxy.js';
import { startHost } from '../support/localHost.js';
import { topicName } from '../support/serviceBusTopics.js';

const OUTAGE_IN_MS = Number(process.env.OUTAGE_SECONDS ?? 20) * 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const endpoint = (name: string) =>
  emulators()
    .storageConnectionString.split(';')
    .find((part) => part.startsWith(`${name}=`))
    ?.slice(name.length + 1) as string;
const blob = await startFaultyProxy(Number(new URL(endpoint('BlobEndpoint')).port));
const table = await startFaultyProxy(Number(new URL(endpoint('TableEndpoint')).port));
afterAll(() => Promise.all([blob.close(), table.close()]));

// Tables, containers and intents of their own, so the rebuild below sees only this test's streams.
const run = uniqueId('o')
  .replace(/[^a-z0-9]/g, '')
  .slice(0, 10);
const configurationMap = soakMap(run);

describe('a storage outage longer than the delivery budget', () => {
  it('heals by itself: projections equal a rebuild and the dead-letter queue is empty', {
    timeout: 240_000,
  }, async () => {
    const topic = topicName('outage');
    const host = await startHost(['--no-emulators', '--port', '0'], {
      ...emulators().settings,
      EventStorage: storageConnectionString({
        blob: blob.url(endpoint('BlobEndpoint')),
        table: table.url(endpoint('TableEndpoint')),
      }),
      ConfigurationMap: JSON.stringify(configurationMap),
      EventsTopicName: topic,
      ProjectionsSubscriptionName: 'projections',
      PublishSweepSchedule: '*/2 * * * * *',
      PublishSweepAfterInMs: '2000',
      DeadLetterReplaySchedule: '*/5 * * * * *',
      RebuildQueueName: 'rebuilds-outage',
      RebuildSettleInMs: '400',
    });
    try {
      const post = async (path: string, body: unknown) => {
        const response = await fetch(`${host.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        await response.arrayBuffer();
        return response.status;
      };
      const accounts = Array.from({ length: 10 }, (_, n) => `${run}-acc${n}`);
      for (const id of accounts) {
        expect(await post(`/commands/bank.account/${id}/open`, { owner: id, overdraftLimit: 100 })).toBe(200);
      }
      const statuses: number[] = [];
      let sent = 0;
      // 20 commands a second, deposits and withdrawals (some accounts go into arrears and out again).
      const load = setInterval(() => {
        const id = accounts[sent % accounts.length] as string;
        const command = sent % 3 === 2 ? 'withdraw' : 'deposit';
        sent++;
        post(`/commands/bank.account/${id}/${command}`, { amount: 1 + (sent % 40) }).then(
          (status) => statuses.push(status),
          () => statuses.push(0),
        );
      }, 50);
      await sleep(5_000);
      blob.set('refuse');
      table.set('refuse');
      await sleep(OUTAGE_IN_MS);
      blob.set('up');
      table.set('up');
      const restarted = Date.now();
      await sleep(5_000);
      clearInterval(load);
      await sleep(1_000);

      expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(100);
      expect(statuses.filter((status) => status === 503).length).toBeGreaterThan(0);
      expect(statuses.every((status) => [200, 409, 422, 503].includes(status))).toBe(true);

      // Within 60 s of the restart every account's snapshot reaches its stream's head, with no manual step.
      const behind = async () => {
        const late: string[] = [];
        for (const id of accounts) {
          const stream = await fetch(`${host.url}/streams/bank.account/${id}?fromVersion=1&limit=1`);
          const head = ((await stream.json()) as { version: number }).version;
          const snapshot = await fetch(`${host.url}/projections/account-balance/${id}`);
          const body = (await snapshot.json()) as { asOfVersion?: number };
          if (body.asOfVersion !== head) late.push(`${id}: ${body.asOfVersion} of ${head}`);
        }
        return late;
      };
      let late = await behind();
      while (late.length > 0 && Date.now() - restarted < 60_000) {
        await sleep(1_000);
        late = await behind();
      }
      expect(late).toEqual([]);

      // Nothing left dead-lettered: the outage was waited out (or replayed).
      const bus = new ServiceBusClient(emulators().settings.ServiceBusConnection as string);
      const deadLetters = bus.createReceiver(topic, 'projections', { subQueueType: 'deadLetter' });
      const dead = await deadLetters.peekMessages(100);
      await deadLetters.close();
      await bus.close();
      expect(dead.map((message) => message.deadLetterReason)).toEqual([]);

      // Every document equals what a rebuild from the streams computes: a rebuild job changes none of them.
      const documents = async (projection: string) => {
        const found: unknown[] = [];
        for (const id of accounts) {
          const response = await fetch(`${host.url}/projections/${projection}/${id}`);
          const {
            updatedAt: _,
            index,
            ...rest
          } = (await response.json()) as Record<string, unknown> & {
            index?: { key?: string };
          };
          found.push({ ...rest, entry: index?.key });
        }
        const page = await fetch(`${host.url}/projections/accounts-in-arrears?limit=200`);
        return [...found, await page.json()];
      };
      for (const projection of ['account-balance', 'accounts-in-arrears']) {
        const before = await documents(projection);
        const started = await fetch(`${host.url}/projections/${projection}/rebuild`, { method: 'POST' });
        expect(started.status).toBe(202);
        const { url } = (await started.json()) as { url: string };
        let job: { phase?: string; streams?: { done: number } } = {};
        for (let tries = 0; tries < 120 && job.phase !== 'finished'; tries++) {
          await sleep(250);
          job = (await (await fetch(url)).json()) as typeof job;
        }
        expect({ projection, phase: job.phase }).toEqual({ projection, phase: 'finished' });
        expect(job.streams?.done).toBe(accounts.length);
        expect(await documents(projection)).toEqual(before);
      }
    } finally {
      await host.stop();
    }
  });
});
