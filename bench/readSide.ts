// `npm run bench -- --scale`, `-- --rebuild` and `-- --soak [--streams N]`: the read side's phases on their own
// (issue 14), with emulators of their own. --scale measures a list view's per-event cost at a small and a large
// number of aggregates; --rebuild the rebuild job's throughput with 1 and 4 worker processes and the replay's
// (rebuildWorkers.ts); --soak runs the rebuild soak (rebuildSoak.ts) over N streams through the local host,
// killing it once in the middle. Full sizes (100,000 aggregates) unless --quick. Each writes its result as JSON
// beside the report and prints it; a full `npm run bench` runs --scale and --rebuild too, into the report.
import { mkdtempSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulators } from '../emulators/start.js';
import { type BenchEnvironment, startBenchEnvironment } from './environment.js';
import { startBenchHost } from './hostProcess.js';
import {
  blobScaleStore,
  localFileScaleStore,
  measureReadSideScale,
  type ReadSideScaleResult,
} from './readSideScale.js';
import { rebuildSoak } from './rebuildSoak.js';
import { measureRebuildWorkers } from './rebuildWorkers.js';
import type { Sizes } from './sizes.js';

export interface ReadSideArgs {
  scale?: boolean;
  rebuild?: boolean;
  soak?: boolean;
  quick?: boolean;
  streams?: string;
  folder: string;
}

const TOPIC = 'read-side';
const QUEUE = 'read-side-rebuilds';

/** Emulators with a topic (subscriptions `projections` and `audit`) and a rebuild queue; the app settings. */
export async function withReadSideEmulators<T>(work: (settings: Record<string, string>) => Promise<T>) {
  const emulators = await startEmulators({
    ports: 'free',
    serviceBusEntities: {
      topics: [
        {
          name: TOPIC,
          subscriptions: [
            { name: 'projections', maxDeliveryCount: 10, lockDurationInMs: 10_000 },
            { name: 'audit', maxDeliveryCount: 10, lockDurationInMs: 10_000 },
          ],
        },
      ],
      queues: [{ name: QUEUE, maxDeliveryCount: 10, lockDurationInMs: 10_000 }],
    },
  });
  const { storage, serviceBus } = emulators.connectionStrings;
  try {
    return await work({
      AzureWebJobsStorage: storage,
      EventStorage: storage,
      ServiceBusConnection: serviceBus,
      EventsTopicName: TOPIC,
      ProjectionsSubscriptionName: 'projections',
      RebuildQueueName: QUEUE,
    });
  } finally {
    await emulators.stop();
  }
}

/** A list view's per-event cost: on Local File at the full sizes, and on Blob (Azurite) at smaller ones. */
export async function measureScales(
  environment: BenchEnvironment,
  sizes: Sizes,
  log: (message: string) => void,
): Promise<ReadSideScaleResult[]> {
  const local = await measureReadSideScale(
    await localFileScaleStore(),
    sizes.scaleSizes,
    sizes.scaleEvents,
    log,
  );
  const blob = await measureReadSideScale(
    await blobScaleStore(environment),
    sizes.blobScaleSizes,
    sizes.scaleEvents,
    log,
  );
  return [local, blob];
}

export async function runReadSide(
  args: ReadSideArgs,
  sizes: Sizes,
  log: (message: string) => void,
): Promise<number> {
  await mkdir(args.folder, { recursive: true });
  const save = async (name: string, result: unknown) => {
    await writeFile(join(args.folder, name), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  };
  if (args.scale) {
    const environment = await startBenchEnvironment(mkdtempSync(join(tmpdir(), 'bench-scale-')));
    try {
      await save('read-side-scale.json', await measureScales(environment, sizes, log));
    } finally {
      await environment.stop();
    }
  }
  if (args.rebuild) {
    const result = await withReadSideEmulators((settings) =>
      measureRebuildWorkers(settings, sizes.rebuildStreams, log),
    );
    await save('rebuild-workers.json', result);
  }
  if (args.soak) {
    const streams = Number(args.streams ?? (args.quick ? 2_000 : 100_000));
    const started = performance.now();
    const result = await withReadSideEmulators((settings) =>
      rebuildSoak({
        settings,
        startHost: async (env) => {
          const host = await startBenchHost(env);
          return { url: host.url, kill: () => host.kill(), stop: () => host.stop() };
        },
        topic: TOPIC,
        queue: QUEUE,
        liveAccounts: 200,
        seededAccounts: streams - 200,
        commandsPerSecond: 20,
        settleInMs: 5_000,
        killAfter: 1 / 3,
        // Local files: at 100,000 streams Azurite scans for every request (soakMap).
        streamStore: 'local',
        log,
      }),
    );
    await save('rebuild-soak.json', {
      ...result,
      totalSeconds: Math.round((performance.now() - started) / 1000),
    });
    if (result.mismatches.length > 0 || result.reader.backwards.length > 0) return 1;
  }
  return 0;
}
