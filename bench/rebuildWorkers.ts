// Rebuild and replay throughput at scale (issue 14, item 4): `account-balance` streams are seeded straight into
// the Table store (see soakMap for why not 100,000 of them), then a rebuild job of the projection is worked by 1 and then by 4 worker processes sharing
// its queue (`npm run rebuild -- account-balance --workers 4`, each process with 4 concurrent handlers), and
// the stored history is replayed to one subscription. Reported: events and streams a second while the job
// replays (from its first page to its switch), the peak resident memory of each worker process (VmHWM), and
// the replay's events a second. The emulators are the benchmark's own; nothing else runs meanwhile.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApplication } from '../src/application.js';
import { replayHistory } from '../src/messaging/replay.js';
import type { RebuildJob } from '../src/projections/rebuildJob.js';
import { unlessTransient } from '../src/projections/transient.js';
import { mapWithConcurrency } from '../src/shared/concurrency.js';
import { seedEvents, soakMap } from './rebuildSoak.js';
import { round } from './stats.js';

export interface WorkerRun {
  processes: number;
  streams: number;
  events: number;
  replayingSeconds: number;
  eventsPerSecond: number;
  streamsPerSecond: number;
  /** The highest peak resident memory of any one worker process, in MiB. */
  peakRssInMiB: number;
}

export interface RebuildWorkersResult {
  streams: number;
  seedPerSecond: number;
  runs: WorkerRun[];
  replay: { events: number; seconds: number; eventsPerSecond: number };
}

const rebuildScript = fileURLToPath(new URL('../scripts/rebuild.js', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `settings` reach the emulators: storage, ServiceBusConnection, a topic with an `audit` subscription, a queue. */
export async function measureRebuildWorkers(
  settings: Record<string, string>,
  streams: number,
  log: (message: string) => void,
): Promise<RebuildWorkersResult> {
  const run = `w${randomUUID().replaceAll('-', '').slice(0, 8)}`;
  const env = {
    ...settings,
    ConfigurationMap: JSON.stringify(soakMap(run, 'table')),
    RebuildSettleInMs: '2000',
    // Azurite answers each request in time proportional to all the blobs and entities it holds (tens of
    // thousands here: the streams and two generations of documents), so the default 5 s deadline is the emulator's
    // limit, not the design's; the workers get the same.
    StoreDeadlineInMs: '30000',
  };
  const application = createApplication({ env });
  try {
    const store = application.stores.forAggregateType('bank.account');
    const ids = Array.from({ length: streams }, (_, n) => `acc-${n}`);
    log(`Rebuild workers: seeding ${streams.toLocaleString('en')} account streams straight into the store…`);
    const seedStarted = performance.now();
    let seeded = 0;
    await mapWithConcurrency(ids, 32, async (id) => {
      await store.appendToStream({ aggregateType: 'bank.account', aggregateId: id }, 0, seedEvents(id));
      if (++seeded % 10_000 === 0) log(`  ${seeded.toLocaleString('en')} seeded`);
    });
    const seedPerSecond = Math.round((streams * 1000) / (performance.now() - seedStarted));
    const runs: WorkerRun[] = [];
    for (const processes of [1, 4]) {
      const job = await application.projections.rebuilds.start('account-balance');
      log(`Rebuild workers: job ${job.id} worked by ${processes} process(es)…`);
      const workers = Array.from({ length: processes }, () => startWorker(env));
      try {
        runs.push({ processes, ...(await followJob(application, job.id, log)), peakRssInMiB: 0 });
      } finally {
        const peaks = await Promise.all(workers.map((worker) => worker.stop()));
        (runs.at(-1) as WorkerRun).peakRssInMiB = Math.max(0, ...peaks);
      }
    }
    log(`Replay: the history of ${streams.toLocaleString('en')} streams to one subscription…`);
    const replayStarted = performance.now();
    const replayed = await replayHistory({
      storeFor: (type) => application.stores.forAggregateType(type),
      publisher: application.messaging.publisher,
      checkpoints: application.stores.documents(),
      subscription: 'audit',
      aggregateTypes: ['bank.account'],
      restart: true,
    });
    const seconds = (performance.now() - replayStarted) / 1000;
    return {
      streams,
      seedPerSecond,
      runs,
      replay: {
        events: replayed.events,
        seconds: round(seconds, 1),
        eventsPerSecond: Math.round(replayed.events / seconds),
      },
    };
  } finally {
    await application.close();
  }
}

/** Polls the job until it has finished; times its replaying phase (first page under way to the switch). */
async function followJob(
  application: ReturnType<typeof createApplication>,
  id: string,
  log: (message: string) => void,
): Promise<Omit<WorkerRun, 'processes' | 'peakRssInMiB'>> {
  let replayingFrom: number | undefined;
  let replayingTo: number | undefined;
  let job: RebuildJob;
  let lastLogged = 0;
  for (;;) {
    // A read of the job that Azurite is too busy to answer in time (the workers purging tens of thousands of
    // blobs) delays the next look, not the measurement; the job's own steps ride it out the same way.
    const read = await unlessTransient(application.projections.rebuilds.get('account-balance', id));
    if (!read) {
      await sleep(1_000);
      continue;
    }
    job = read;
    const now = performance.now();
    if (replayingFrom === undefined && job.streams.done > 0) replayingFrom = now;
    if (replayingTo === undefined && job.phase !== 'starting' && job.phase !== 'replaying') replayingTo = now;
    if (job.phase === 'finished') break;
    if (now - lastLogged > 10_000) {
      log(`  ${job.phase}: ${job.streams.done}/${job.streams.listed} streams, ${job.events} events`);
      lastLogged = now;
    }
    await sleep(200);
  }
  const seconds = ((replayingTo ?? performance.now()) - (replayingFrom ?? 0)) / 1000;
  return {
    streams: job.streams.done,
    events: job.events,
    replayingSeconds: round(seconds, 1),
    eventsPerSecond: Math.round(job.events / seconds),
    streamsPerSecond: Math.round(job.streams.done / seconds),
  };
}

/** A `npm run rebuild` process working the running job's steps; `stop` ends it and gives its peak RSS (MiB). */
function startWorker(env: Record<string, string>): { stop(): Promise<number> } {
  const child: ChildProcess = spawn(process.execPath, [rebuildScript, 'account-balance', '--workers', '4'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = `${errors}${chunk}`.slice(-2_000);
  });
  let peak = 0;
  const sample = () => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (match) peak = Math.max(peak, Number(match[1]) / 1024);
    } catch {
      // the process is gone, or this is not Linux
    }
  };
  const sampler = setInterval(sample, 500);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    stop: async () => {
      sample();
      clearInterval(sampler);
      // The script exits by itself when the job has finished; a worker still up after that is stopped.
      const code = await Promise.race([exited, sleep(5_000).then(() => 'running' as const)]);
      if (code === 'running') {
        child.kill('SIGTERM');
        await exited;
      } else if (code !== 0) throw new Error(`A rebuild worker exited with ${code}:\n${errors}`);
      return Math.round(peak);
    },
  };
}
