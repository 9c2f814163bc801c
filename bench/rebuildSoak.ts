// The rebuild soak (issue 14, acceptance): a rebuild job of `account-balance` over many streams, with commands
// arriving throughout and the host killed (SIGKILL) and started again once in the middle. It checks that the
// job finishes, that every document then equals what incremental processing of its stream gives, and that a
// reader polling some documents during the rebuild never sees one go back in version. Most streams are
// appended straight to the event store (quickly, without the bus), a few through the host's HTTP commands so
// that their documents exist before the rebuild. `npm run bench -- --soak` runs it at 100,000 streams;
// test/e2e/rebuildSoak.test.ts at a few hundred. The host is started by the caller's `startHost`.
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApplication } from '../src/application.js';
import { applyEvents } from '../src/projections/engine.js';
import { accountBalance } from '../src/projections/samples/accountBalance.js';
import { mapWithConcurrency } from '../src/shared/concurrency.js';
import type { EventEnvelope } from '../src/stores/eventStore.js';

export interface SoakHost {
  url: string;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export interface SoakOptions {
  /** App settings reaching the emulators (EventStorage, ServiceBusConnection, AzureWebJobsStorage). */
  settings: Record<string, string>;
  startHost(env: Record<string, string>): Promise<SoakHost>;
  topic: string;
  queue: string;
  liveAccounts: number;
  seededAccounts: number;
  commandsPerSecond: number;
  settleInMs: number;
  /** The host is killed once this share of the streams is replayed (0: as soon as the replay has begun). */
  killAfter: number;
  /** Where the streams are kept (default: Table storage). */
  streamStore?: 'table' | 'blob' | 'local';
  log?: (message: string) => void;
}

export interface SoakResult {
  streams: number;
  job: { id: string; phase: string; events: number; durationInMs: number };
  killedAt: string;
  commands: { sent: number; ok: number };
  reader: { polls: number; backwards: string[] };
  compared: number;
  mismatches: string[];
  peakReplayRate: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function rebuildSoak(options: SoakOptions): Promise<SoakResult> {
  const log = options.log ?? (() => {});
  const run = `s${randomUUID().replaceAll('-', '').slice(0, 8)}`;
  const folder = options.streamStore === 'local' ? await mkdtemp(join(tmpdir(), 'bench-soak-')) : '';
  const map = soakMap(run, options.streamStore, folder);
  const env = {
    ...options.settings,
    ConfigurationMap: JSON.stringify(map),
    EventsTopicName: options.topic,
    ProjectionsSubscriptionName: 'projections',
    RebuildQueueName: options.queue,
    RebuildSettleInMs: String(options.settleInMs),
    PublishSweepSchedule: '*/2 * * * * *',
    PublishSweepAfterInMs: '2000',
  };
  const application = createApplication({ env });
  const store = application.stores.forAggregateType('bank.account');
  const live = Array.from({ length: options.liveAccounts }, (_, n) => `live-${n}`);
  const seeded = Array.from({ length: options.seededAccounts }, (_, n) => `seed-${n}`);
  try {
    log(`Seeding ${seeded.length} streams straight into the store…`);
    await mapWithConcurrency(seeded, 32, (id) =>
      store.appendToStream({ aggregateType: 'bank.account', aggregateId: id }, 0, seedEvents(id)),
    );
    let host = await options.startHost(env);
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${host.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      await response.arrayBuffer();
      return response.status;
    };
    log(`Opening ${live.length} accounts through the host…`);
    await mapWithConcurrency(live, 8, (id) =>
      post(`/commands/bank.account/${id}/open`, { owner: id, overdraftLimit: 100 }),
    );
    await waitUntil(async () => (await behind(host.url, live)).length === 0, 60_000);

    const all = [...live, ...seeded];
    const commands = { sent: 0, ok: 0 };
    const load = setInterval(() => {
      const id = all[Math.floor(Math.random() * all.length)] as string;
      const command = commands.sent++ % 3 === 2 ? 'withdraw' : 'deposit';
      post(`/commands/bank.account/${id}/${command}`, { amount: 1 + (commands.sent % 40) }).then(
        (status) => status === 200 && commands.ok++,
        () => {},
      );
    }, 1000 / options.commandsPerSecond);
    const reader = pollVersions(() => host.url, live.slice(0, 20));

    const started = performance.now();
    const response = await fetch(`${host.url}/projections/account-balance/rebuild`, { method: 'POST' });
    const { id: jobId } = (await response.json()) as { id: string };
    const jobPath = `/projections/account-balance/rebuild/${jobId}`;
    log(`Rebuild job ${jobId} started.`);
    let killedAt = '';
    let job = { phase: 'starting', events: 0, streams: { done: 0, listed: 0 } };
    let peakReplayRate = 0;
    let last = { at: performance.now(), done: 0 };
    while (job.phase !== 'finished') {
      await sleep(200);
      const polled = await fetch(`${host.url}${jobPath}`).then(
        (r) => (r.ok ? (r.json() as Promise<typeof job>) : undefined),
        () => undefined,
      );
      // A host busy or restarting answers a problem, or nothing: poll again.
      if (!polled?.streams) continue;
      job = polled;
      const now = performance.now();
      peakReplayRate = Math.max(peakReplayRate, ((job.streams.done - last.done) * 1000) / (now - last.at));
      last = { at: now, done: job.streams.done };
      // In the middle: once `killAfter` of the streams are replayed, or at the latest while the job retires or
      // purges (a small job can pass its replay between two polls).
      const underWay = job.phase !== 'starting' && job.phase !== 'finished';
      const replayed = job.streams.done >= options.killAfter * all.length || job.phase !== 'replaying';
      if (!killedAt && underWay && replayed) {
        killedAt = `${job.streams.done} of ${all.length} streams replayed, ${job.phase}`;
        log(`Killing the host (${killedAt})…`);
        await host.kill();
        host = await options.startHost(env);
        log('Host started again.');
      }
      if (performance.now() - started > 60 * 60_000)
        throw new Error(`Rebuild still ${job.phase} after an hour`);
    }
    const durationInMs = Math.round(performance.now() - started);
    log(`Rebuild finished in ${durationInMs} ms; letting the last commands through…`);
    clearInterval(load);
    await sleep(2_000);
    await waitUntil(async () => (await behind(host.url, live)).length === 0, 120_000);
    reader.stop();
    const mismatches = await compareAll(application, all, log);
    await host.stop();
    return {
      streams: all.length,
      job: { id: jobId, phase: job.phase, events: job.events, durationInMs },
      killedAt,
      commands,
      reader: { polls: reader.polls(), backwards: reader.backwards },
      compared: all.length,
      mismatches,
      peakReplayRate: Math.round(peakReplayRate),
    };
  } finally {
    await application.close();
  }
}

/**
 * A configuration map with names of its own (`run` as their prefix): streams in Table storage, in append blobs, or
 * (with `folder`) in local files with the documents and intents beside them. Azurite answers every Table query
 * with a scan of the whole table and finds a blob through an index on the account name alone (each request scans
 * every blob), so at 100,000 streams the emulator, not the design, sets the pace on either.
 */
export function soakMap(run: string, streams: 'table' | 'blob' | 'local' = 'table', folder = '') {
  const beside = streams === 'local' ? 'local' : 'table';
  return {
    implementations: {
      table: {
        type: 'table',
        connection: 'EventStorage',
        tablePrefix: run,
        snapshotContainer: `${run}-snapshots`,
      },
      blob: {
        type: 'append-blob',
        connection: 'EventStorage',
        container: `${run}-streams`,
        snapshotContainer: `${run}-snapshots`,
      },
      ...(folder ? { local: { type: 'local-file', folder, fsync: false } } : {}),
    },
    aggregates: { '*': { store: streams } },
    projections: { store: beside, container: `${run}-projections` },
    publishIntents: { store: beside, table: `${run}intents` },
  };
}

/** Every document (read where readers read) against the fold of its stream; until they agree or a minute passes. */
async function compareAll(
  application: ReturnType<typeof createApplication>,
  ids: string[],
  log: (m: string) => void,
) {
  const { projections, stores } = application;
  const collection = await projections.generations.liveCollection('account-balance');
  log(`Comparing ${ids.length} documents in ${collection} with their streams…`);
  let mismatches: string[] = ids;
  for (let round = 0; round < 30 && mismatches.length > 0; round++) {
    if (round > 0) await sleep(2_000);
    const next = await mapWithConcurrency(mismatches, 32, async (aggregateId) => {
      const stream = { aggregateType: 'bank.account', aggregateId };
      const { events } = await stores.forAggregateType('bank.account').readStream(stream);
      const expected = applyEvents(accountBalance, projections.events, undefined, stream, events, '');
      const stored = await projections.documents.get(collection, aggregateId);
      const same =
        stored?.document.asOfVersion === expected?.asOfVersion &&
        JSON.stringify(stored?.document.state) === JSON.stringify(expected?.state);
      return same ? undefined : `${aggregateId}: ${stored?.document.asOfVersion} of ${expected?.asOfVersion}`;
    });
    mismatches = next.filter((item): item is string => item !== undefined);
  }
  return mismatches;
}

export function seedEvents(id: string): EventEnvelope[] {
  const base = {
    aggregateType: 'bank.account',
    aggregateId: id,
    schemaVersion: 1,
    occurredAt: '2026-01-01T00:00:00.000Z',
  };
  const metadata = { correlationId: 'soak', causationId: randomUUID(), commandName: 'seed' };
  return [
    {
      ...base,
      eventId: randomUUID(),
      version: 1,
      type: 'AccountOpened',
      schemaVersion: 2,
      sequence: 1,
      data: { owner: id, overdraftLimit: 50, currency: 'EUR' },
      metadata,
    },
    {
      ...base,
      eventId: randomUUID(),
      version: 2,
      type: 'MoneyDeposited',
      sequence: 2,
      data: { amount: 10 },
      metadata,
    },
  ];
}

/** Accounts whose document is not yet at the head of their stream. */
async function behind(url: string, ids: string[]): Promise<string[]> {
  const late = await mapWithConcurrency(ids, 16, async (id) => {
    const head = (await fetch(`${url}/streams/bank.account/${id}/state`).then((r) =>
      r.ok ? r.json() : {},
    )) as { version?: number };
    const document = (await fetch(`${url}/projections/account-balance/${id}`).then((r) =>
      r.ok ? r.json() : {},
    )) as { asOfVersion?: number };
    return head.version !== undefined && document.asOfVersion === head.version ? undefined : id;
  }).catch((): (string | undefined)[] => ids);
  return late.filter((id): id is string => id !== undefined);
}

async function waitUntil(done: () => Promise<boolean>, timeoutInMs: number): Promise<void> {
  const deadline = performance.now() + timeoutInMs;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`Not done within ${timeoutInMs} ms`);
    await sleep(250);
  }
}

/** A reader polling documents through the host, noting any that go back in version. */
function pollVersions(url: () => string, ids: string[]) {
  const seen = new Map<string, number>();
  const backwards: string[] = [];
  let polls = 0;
  let stopped = false;
  void (async () => {
    while (!stopped) {
      for (const id of ids) {
        const body = (await fetch(`${url()}/projections/account-balance/${id}`).then(
          (r) => (r.ok ? r.json() : undefined),
          () => undefined,
        )) as { asOfVersion?: number } | undefined;
        if (body?.asOfVersion === undefined) continue;
        polls++;
        const before = seen.get(id) ?? 0;
        if (body.asOfVersion < before) backwards.push(`${id}: ${before} then ${body.asOfVersion}`);
        seen.set(id, Math.max(before, body.asOfVersion));
      }
      await sleep(50);
    }
  })();
  return {
    backwards,
    polls: () => polls,
    stop: () => {
      stopped = true;
    },
  };
}
