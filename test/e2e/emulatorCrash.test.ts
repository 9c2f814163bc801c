// Issue 12, item 1 (acceptance): the emulators are killed with SIGKILL while commands arrive at 20 a second on all
// three sample stores (Table and Append Blob in Azurite, File Share in our Files emulator), with `--persist`,
// then started again on the same ports and folder. Every acknowledged command's events are in their stream,
// every event reaches a downstream subscriber (published, or swept and published after the restart), and the
// projections agree with the streams.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ServiceBusClient } from '@azure/service-bus';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../emulators/test/cliProcess.js';
import { uniqueId } from '../support/envelopes.js';
import { startHost } from '../support/localHost.js';

const entities = fileURLToPath(new URL('../../src/local/serviceBusEntities.json', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Acknowledged {
  path: string;
  events: { eventId: string; version: number }[];
}

describe('the emulators killed under load with --persist', () => {
  it('lose nothing acknowledged, and the read side and subscribers catch up', {
    timeout: 180_000,
  }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'crash-'));
    const first = runCli(['--ports', 'free', '--persist', folder, '--entities', entities, '--no-summary']);
    const ready = await first.ready;
    const { ports } = ready;
    const settings = {
      EventStorage: ready.connectionStrings.storage,
      AzureWebJobsStorage: ready.connectionStrings.storage,
      ServiceBusConnection: ready.connectionStrings.serviceBus,
    };
    const host = await startHost(['--no-emulators', '--port', '0'], {
      ...settings,
      ConfigurationMap: '',
      PublishSweepSchedule: '*/2 * * * * *',
      PublishSweepAfterInMs: '2000',
    });
    let second: ReturnType<typeof runCli> | undefined;
    const bus = new ServiceBusClient(settings.ServiceBusConnection);
    const delivered = new Set<string>();
    const downstream = bus.createReceiver('events', 'downstream');
    downstream.subscribe(
      {
        processMessage: async (message) => {
          delivered.add(String(message.messageId));
        },
        processError: async () => {},
      },
      { autoCompleteMessages: true },
    );
    const run = uniqueId('c').replace(/[^A-Za-z0-9]/g, '');
    const streams: [type: string, id: string][] = [
      ...Array.from({ length: 4 }, (_, n): [string, string] => ['bank.account', `${run}a${n}`]),
      ...Array.from({ length: 4 }, (_, n): [string, string] => ['diary.item', `${run}d${n}`]),
      ...Array.from({ length: 4 }, (_, n): [string, string] => ['fleet.vehicle', `${run}V${n}`]),
    ];
    /** A GET answered 200 (the stores may need a moment after the restart), as JSON. */
    const getJson = async <T>(path: string): Promise<T> => {
      let last = '';
      for (let tries = 0; tries < 30; tries++) {
        const response = await fetch(`${host.url}/${path}`);
        last = await response.text();
        if (response.status === 200) return JSON.parse(last) as T;
        await sleep(500);
      }
      throw new Error(`GET ${path} kept failing: ${last}`);
    };
    const acknowledged: Acknowledged[] = [];
    const send = async (path: string, body: unknown) => {
      try {
        const response = await fetch(`${host.url}/commands/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const answer = (await response.json()) as { events?: Acknowledged['events'] };
        if (response.status === 200 && answer.events) acknowledged.push({ path, events: answer.events });
        return response.status;
      } catch {
        return 0;
      }
    };
    const creations: Record<string, [string, unknown]> = {
      'bank.account': ['open', { owner: 'Ada', overdraftLimit: 1000 }],
      'diary.item': ['create', { title: 'T', from: '2031-01-01T09:00:00Z', to: '2031-01-01T10:00:00Z' }],
      'fleet.vehicle': ['register', { make: 'Saab', model: '9-3', year: 2001 }],
    };
    let mileage = 0;
    const update = (type: string): [string, unknown] =>
      type === 'bank.account'
        ? ['deposit', { amount: 1 }]
        : type === 'diary.item'
          ? ['rename', { title: `T${mileage}` }]
          : ['record-mileage', { odometer: ++mileage }];
    try {
      for (const [type, id] of streams) {
        const [command, body] = creations[type] as [string, unknown];
        expect(await send(`${type}/${id}/${command}`, body)).toBe(200);
      }
      let sent = 0;
      const load = setInterval(() => {
        const [type, id] = streams[sent++ % streams.length] as [string, string];
        const [command, body] = update(type);
        void send(`${type}/${id}/${command}`, body);
      }, 50);
      await sleep(4_000);
      first.child.kill('SIGKILL');
      await first.exited;
      await sleep(2_000);
      const fixed = Object.entries({
        '--blob-port': ports.blob,
        '--queue-port': ports.queue,
        '--table-port': ports.table,
        '--file-port': ports.file,
        '--service-bus-port': ports.serviceBus,
      }).flatMap(([flag, port]) => [flag, String(port)]);
      second = runCli([...fixed, '--persist', folder, '--entities', entities, '--no-summary']);
      await second.ready;
      await sleep(3_000);
      clearInterval(load);
      await sleep(500);
      expect(acknowledged.length).toBeGreaterThan(40);

      // Every acknowledged command's events are in their stream, at the versions it was told.
      const heads = new Map<string, { version: number; eventIds: Map<number, string> }>();
      for (const [type, id] of streams) {
        const page = await getJson<{ version: number; events: { eventId: string; version: number }[] }>(
          `streams/${type}/${id}?limit=1000`,
        );
        heads.set(`${type}/${id}`, {
          version: page.version,
          eventIds: new Map(page.events.map((event) => [event.version, event.eventId])),
        });
      }
      const missing = acknowledged.flatMap(({ path, events }) => {
        const stream = heads.get(path.split('/').slice(0, 2).join('/'));
        return events.filter((event) => stream?.eventIds.get(event.version) !== event.eventId);
      });
      expect(missing).toEqual([]);

      // Every stored event reaches the downstream subscription, and the projections reach every stream's head.
      const allEventIds = [...heads.values()].flatMap((head) => [...head.eventIds.values()]);
      const projected = async () => {
        const late: string[] = [];
        for (const [type, id] of streams) {
          const head = heads.get(`${type}/${id}`)?.version ?? 0;
          const path =
            type === 'bank.account'
              ? `account-balance/${id}`
              : type === 'fleet.vehicle'
                ? `vehicle-summary/${id}`
                : `diary-items/${id}`;
          const response = await fetch(`${host.url}/projections/${path}`);
          const body = (response.status === 200 ? await response.json() : {}) as { asOfVersion?: number };
          const at = body.asOfVersion;
          if (at !== head) late.push(`${type}/${id}: ${at} of ${head}`);
        }
        return late;
      };
      let late = await projected();
      for (
        let tries = 0;
        tries < 60 && (late.length > 0 || allEventIds.some((e) => !delivered.has(e)));
        tries++
      ) {
        await sleep(1_000);
        late = await projected();
      }
      expect(allEventIds.filter((eventId) => !delivered.has(eventId))).toEqual([]);
      expect(late).toEqual([]);
    } finally {
      await downstream.close();
      await bus.close();
      await host.stop();
      first.child.kill('SIGKILL');
      second?.child.kill('SIGTERM');
      await second?.exited;
    }
  });
});
