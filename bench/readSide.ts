// `npm run bench -- --scale` and `npm run bench -- --soak [--streams N]`: the read side's phases on their own
// (issue 14), with emulators of their own. --scale measures a list view's per-event cost at a small and a large
// number of aggregates (full sizes unless --quick); --soak runs the rebuild soak (rebuildSoak.ts) over N streams
// (default 100,000; 2,000 with --quick) through the local host, killing it once in the middle. Each writes its
// result as JSON beside the report and prints it.
import { mkdtempSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulators } from '../emulators/start.js';
import { startBenchEnvironment } from './environment.js';
import { startBenchHost } from './hostProcess.js';
import { measureReadSideScale } from './readSideScale.js';
import { rebuildSoak } from './rebuildSoak.js';
import type { Sizes } from './sizes.js';

export interface ReadSideArgs {
  scale?: boolean;
  soak?: boolean;
  quick?: boolean;
  streams?: string;
  folder: string;
}

export async function runReadSide(
  args: ReadSideArgs,
  sizes: Sizes,
  log: (message: string) => void,
): Promise<number> {
  await mkdir(args.folder, { recursive: true });
  if (args.scale) {
    const environment = await startBenchEnvironment(mkdtempSync(join(tmpdir(), 'bench-scale-')));
    try {
      const result = await measureReadSideScale(environment, sizes.scaleSizes, sizes.scaleEvents, log);
      await writeFile(join(args.folder, 'read-side-scale.json'), `${JSON.stringify(result, null, 2)}\n`);
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } finally {
      await environment.stop();
    }
  }
  if (args.soak) {
    const streams = Number(args.streams ?? (args.quick ? 2_000 : 100_000));
    const emulators = await startEmulators({
      ports: 'free',
      serviceBusEntities: {
        topics: [
          {
            name: 'soak',
            subscriptions: [{ name: 'projections', maxDeliveryCount: 10, lockDurationInMs: 10_000 }],
          },
        ],
        queues: [{ name: 'soak-rebuilds', maxDeliveryCount: 10, lockDurationInMs: 10_000 }],
      },
    });
    try {
      const { storage, serviceBus } = emulators.connectionStrings;
      const started = performance.now();
      const result = await rebuildSoak({
        settings: { AzureWebJobsStorage: storage, EventStorage: storage, ServiceBusConnection: serviceBus },
        startHost: async (env) => {
          const host = await startBenchHost(env);
          return { url: host.url, kill: () => host.kill(), stop: () => host.stop() };
        },
        topic: 'soak',
        queue: 'soak-rebuilds',
        liveAccounts: 200,
        seededAccounts: streams - 200,
        commandsPerSecond: 20,
        settleInMs: 5_000,
        killAfter: 1 / 3,
        log,
      });
      const report = { ...result, totalSeconds: Math.round((performance.now() - started) / 1000) };
      await writeFile(join(args.folder, 'rebuild-soak.json'), `${JSON.stringify(report, null, 2)}\n`);
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      if (result.mismatches.length > 0 || result.reader.backwards.length > 0) return 1;
    } finally {
      await emulators.stop();
    }
  }
  return 0;
}
