// `npm run bench [-- --quick] [-- --store table]`: measures the deployment package's cold start, then the
// command and projection paths on every store against the raw floor and a naive baseline, and the read side at
// scale, prints a table and writes bench/report/ (or bench/quick/). `-- --scale` runs the read-side phase
// alone, `-- --rebuild` the rebuild and replay throughput, `-- --soak [--streams N]` the rebuild soak (readSide.ts),
// `-- --tracing` the cost of tracing (tracingCost.ts).

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ServiceBusClient } from '@azure/service-bus';
import { BlobServiceClient } from '@azure/storage-blob';
import { measureColdStart } from './coldStart.js';
import { measureCpuPerCommand } from './cpuProcess.js';
import {
  BENCH_STORES,
  type BenchStore,
  configurationMapFor,
  STORE_LABELS,
  startBenchEnvironment,
} from './environment.js';
import { startBenchHost } from './hostProcess.js';
import { measurePageReads, type PageReadResult } from './pageRead.js';
import { measureProjectionLag, openAndProject } from './projectionLag.js';
import { measureScales, runReadSide, withReadSideEmulators } from './readSide.js';
import { measureRebuildWorkers } from './rebuildWorkers.js';
import { markdown, tracingLines, writeReport } from './report.js';
import { type BenchResults, evaluateTargets, type StoreResult } from './results.js';
import { sizesFor } from './sizes.js';
import { measureStore } from './storePhases.js';
import { measureSweeperDrain } from './sweeperDrain.js';
import { measureTracingCost } from './tracingCost.js';
import { measureTransferCompletion } from './transferCompletion.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    store: { type: 'string', multiple: true },
    scale: { type: 'boolean', default: false },
    rebuild: { type: 'boolean', default: false },
    soak: { type: 'boolean', default: false },
    tracing: { type: 'boolean', default: false },
    streams: { type: 'string' },
  },
});
const SIZES = sizesFor(args.quick);

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const folder = fileURLToPath(new URL(`../../bench/${args.quick ? 'quick' : 'report'}/`, import.meta.url));

async function main(): Promise<number> {
  if (args.scale || args.rebuild || args.soak) return runReadSide({ ...args, folder }, SIZES, log);
  if (args.tracing) return tracingCostAlone();
  const started = performance.now();
  const dataFolder = mkdtempSync(join(tmpdir(), 'bench-'));
  log(`${args.quick ? 'Quick' : 'Full'} run; starting the emulators…`);
  const environment = await startBenchEnvironment(dataFolder);
  const errors: string[] = [];
  const stores: Partial<Record<BenchStore, StoreResult & { errors: string[] }>> = {};
  let peakHostRssInMiB = 0;
  const bus = new ServiceBusClient(environment.settings.ServiceBusConnection as string);
  const naiveSender = bus.createSender('naive');
  try {
    const coldStart = await measureColdStart(environment, join(dataFolder, 'cold'), SIZES, log).catch(
      (error: unknown) => {
        errors.push(`Cold start: ${(error as Error).stack ?? String(error)}`);
        return undefined;
      },
    );
    const selected = (args.store as BenchStore[] | undefined) ?? [...BENCH_STORES];
    log('In-process CPU per command (In-Memory, no HTTP, no bus)…');
    const cpuPerCommand = await measureCpuPerCommand(args.quick ? 5_000 : 50_000);
    for (const store of selected) {
      log(`${STORE_LABELS[store]}…`);
      try {
        const { result, peakRssInMiB } = await measureStore(
          store,
          environment,
          join(dataFolder, store),
          naiveSender,
          SIZES,
          log,
        );
        stores[store] = result;
        peakHostRssInMiB = Math.max(peakHostRssInMiB, peakRssInMiB);
        errors.push(...result.errors);
      } catch (error) {
        errors.push(`${STORE_LABELS[store]}: ${(error as Error).stack ?? String(error)}`);
      }
    }
    // Before the read side's phases fill Azurite with tens of thousands of blobs, which slow its every answer.
    log('The cost of tracing: command latency with tracing on and off…');
    const tracing = await measureTracingCost(environment, join(dataFolder, 'tracing'), args.quick).catch(
      (error: unknown) => {
        errors.push(`Tracing cost: ${(error as Error).stack ?? String(error)}`);
        return undefined;
      },
    );
    const pageReads: Partial<Record<BenchStore, PageReadResult>> = {};
    for (const store of selected) {
      log(
        `${STORE_LABELS[store]}: page reads on a ${SIZES.pageCommands.toLocaleString('en')}-command stream…`,
      );
      try {
        const map = configurationMapFor(store, join(dataFolder, store, 'pages'));
        pageReads[store] = await measurePageReads(store, environment.settings, map, SIZES);
      } catch (error) {
        errors.push(`${STORE_LABELS[store]} page reads: ${(error as Error).stack ?? String(error)}`);
      }
    }
    log(`Publish sweeper draining ${SIZES.drainIntents} waiting intents…`);
    const sweeperDrain = await measureSweeperDrain(
      environment,
      join(dataFolder, 'drain'),
      SIZES.drainIntents,
      log,
    ).catch((error: unknown) => {
      errors.push(`Sweeper drain: ${(error as Error).stack ?? String(error)}`);
      return undefined;
    });
    log(`Projection lag at 50 commands/s for ${SIZES.lagSeconds} s (emulators of its own)…`);
    const lag = await projectionLag(dataFolder).catch((error: unknown) => {
      errors.push(`Projection lag: ${(error as Error).stack ?? String(error)}`);
      return undefined;
    });
    if (lag) peakHostRssInMiB = Math.max(peakHostRssInMiB, lag.peakRssInMiB);
    log(`Money transfers at 20/s for ${SIZES.transferSeconds} s (workflows)…`);
    const transfers = await measureTransferCompletion(environment, join(dataFolder, 'transfers'), {
      ratePerSecond: 20,
      durationInSeconds: SIZES.transferSeconds,
      sequential: SIZES.sequentialTransfers,
    }).catch((error: unknown) => {
      errors.push(`Transfers: ${(error as Error).stack ?? String(error)}`);
      return undefined;
    });
    const readSideScale = await measureScales(environment, SIZES, log).catch((error: unknown) => {
      errors.push(`Read side at scale: ${(error as Error).stack ?? String(error)}`);
      return undefined;
    });
    const rebuildWorkers = await withReadSideEmulators((settings) =>
      measureRebuildWorkers(settings, SIZES.rebuildStreams, log),
    ).catch((error: unknown) => {
      errors.push(`Rebuild workers: ${(error as Error).stack ?? String(error)}`);
      return undefined;
    });
    const partial = {
      mode: args.quick ? ('quick' as const) : ('full' as const),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        date: new Date().toISOString(),
      },
      stores: Object.fromEntries(
        Object.entries(stores).map(([name, { errors: _, ...result }]) => [name, result]),
      ),
      pageReads,
      sweeperDrain,
      projectionLag: lag?.result,
      transfers,
      cpuPerCommand,
      readSideScale,
      rebuildWorkers,
      tracing,
      coldStart,
      peakHostRssInMiB,
      errors,
    };
    const results: BenchResults = { ...partial, targets: evaluateTargets(partial) };
    await writeReport(results, folder);
    process.stdout.write(markdown(results));
    log(`Done in ${Math.round((performance.now() - started) / 1000)} s; report in ${folder}`);
    return errors.length === 0 ? 0 : 1;
  } finally {
    await naiveSender.close();
    await bus.close();
    await environment.stop();
  }
}

/** `--tracing`: the cost of tracing alone, printed and written to tracing-cost.json (the full report is kept). */
async function tracingCostAlone(): Promise<number> {
  const dataFolder = mkdtempSync(join(tmpdir(), 'bench-'));
  log('The cost of tracing alone; starting the emulators…');
  const environment = await startBenchEnvironment(dataFolder);
  try {
    const tracing = await measureTracingCost(environment, join(dataFolder, 'tracing'), args.quick);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'tracing-cost.json'), `${JSON.stringify(tracing, null, 2)}\n`);
    process.stdout.write(tracingLines(tracing).join('\n'));
    return 0;
  } finally {
    await environment.stop();
  }
}

/**
 * On emulators of its own, as the read side's phases: Azurite answers every Table query by scanning the whole
 * table, so the tables the phases before fill (and the sweeps of their quiet markers, which the host's timers
 * run) slowed the runner here: p99 466 and 870 ms in two full runs, 49.8 ms on emulators of its own.
 */
async function projectionLag(dataFolder: string) {
  const folder = join(dataFolder, 'lag');
  mkdirSync(folder, { recursive: true });
  const environment = await startBenchEnvironment(folder);
  const host = await startBenchHost({
    ...environment.settings,
    ConfigurationMap: configurationMapFor('table', folder),
    EventsTopicName: 'events',
  }).catch(async (error: unknown) => {
    await environment.stop();
    throw error;
  });
  try {
    const projections = BlobServiceClient.fromConnectionString(
      environment.emulators.connectionStrings.storage,
    ).getContainerClient('bench-projections');
    const accounts = Array.from({ length: 50 }, (_, index) => `lag-${index}`);
    await openAndProject(host.url, projections, accounts);
    const result = await measureProjectionLag(host.url, projections, accounts, 50, SIZES.lagSeconds * 1000);
    return { result, peakRssInMiB: host.peakRssInMiB() };
  } finally {
    await host.stop();
    await environment.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
