// Everything measured on one store: the raw floor and the framework in process, the naive baseline and the
// cost of loading at each stream length (with and without aggregate snapshots), then the command path over
// HTTP through a local host, and a final check that every command sent is in its stream.
import type { ServiceBusSender } from '@azure/service-bus';
import { type LoadResult, measureTraffic, openAccounts, runLoad } from './commandPath.js';
import { type BenchEnvironment, type BenchStore, configurationMapFor } from './environment.js';
import { startBenchHost, TIMERS_OFF } from './hostProcess.js';
import { measureNaive } from './naive.js';
import {
  benchApplication,
  seedAccount,
  snapshotAccount,
  timeCold,
  timeHot,
  timeHotWithoutBus,
  timeIdle,
  timeWarm,
} from './ours.js';
import { measureRawFloor } from './rawFloor.js';
import type { StoreResult, StreamLengthResult } from './results.js';
import type { Sizes } from './sizes.js';
import { round, summarize } from './stats.js';

const SNAPSHOT_EVERY = 100;

export async function measureStore(
  store: BenchStore,
  environment: BenchEnvironment,
  folder: string,
  naiveSender: ServiceBusSender,
  sizes: Sizes,
  log: (message: string) => void,
): Promise<{ result: StoreResult & { errors: string[] }; peakRssInMiB: number }> {
  const connection = environment.settings.EventStorage as string;
  const plain = benchApplication(environment.settings, configurationMapFor(store, folder));
  const withSnapshots = benchApplication(
    environment.settings,
    configurationMapFor(store, folder, SNAPSHOT_EVERY),
  );
  const traffic = { reset: environment.resetTraffic, requests: () => environment.traffic().requests };
  try {
    // The floor in two halves around the busy-stream run, so drift on a shared machine lands on both alike.
    const half = Math.ceil(sizes.floor / 2);
    const floorSamples = await measureRawFloor(store, connection, `${folder}/raw`, half);
    const rawFloorWithIntent = summarize(
      await measureRawFloor(store, connection, `${folder}/raw`, sizes.floor, true),
    );
    await seedAccount(plain, `${store}-warm`, 10);
    environment.resetTraffic();
    const inProcess = summarize(await timeHot(plain, `${store}-warm`, sizes.warm));
    // Everything the busy stream's commands sent to storage, the marker's moves included, per command.
    const busyRequestsPerCommand = round(environment.traffic().requests / (sizes.warm + 1), 3);
    const inProcessWithoutBus = summarize(await timeHotWithoutBus(plain, `${store}-warm`, sizes.warm));
    floorSamples.push(...(await measureRawFloor(store, connection, `${folder}/raw`, half)));
    const rawFloor = summarize(floorSamples);
    await seedAccount(plain, `${store}-idle`, 10);
    const idle = await timeIdle(plain, `${store}-idle`, sizes.warm);
    const inProcessIdle = idle && summarize(idle);
    // Every stream seeded before any is timed: Azurite's Table service scans the whole table for each query, so
    // a stream timed before the long ones exist would be compared with a smaller store, not a shorter stream.
    log(
      `  seeding streams of ${sizes.lengths.map((length) => length.toLocaleString('en')).join(', ')} events…`,
    );
    for (const length of sizes.lengths) {
      await seedAccount(withSnapshots, `${store}-snap-${length}`, length);
      await snapshotAccount(withSnapshots, `${store}-snap-${length}`);
      await seedAccount(plain, `${store}-replay-${length}`, length);
    }
    const lengths: StreamLengthResult[] = [];
    for (const length of sizes.lengths) {
      log(`  ${length.toLocaleString('en')}-event streams…`);
      const coldWith = await timeCold(withSnapshots, `${store}-snap-${length}`, sizes.cold, traffic);
      const coldWithout = await timeCold(plain, `${store}-replay-${length}`, sizes.cold, traffic);
      const oursWarm = summarize(await timeWarm(plain, `${store}-replay-${length}`, sizes.warm));
      const naive = summarize(
        await measureNaive(store, connection, `${folder}/naive`, naiveSender, length, sizes.naive),
      );
      const coldWithSnapshots = { ...summarize(coldWith.samples), requests: coldWith.requestsPerCommand };
      lengths.push({
        length,
        naive,
        oursWarm,
        speedupWarm: round(naive.p50 / oursWarm.p50, 1),
        speedupCold: round(naive.p50 / coldWithSnapshots.p50, 1),
        coldWithSnapshots,
        coldWithoutSnapshots: { ...summarize(coldWithout.samples), requests: coldWithout.requestsPerCommand },
      });
    }
    log('  over HTTP…');
    const { http, trafficPerCommand, peakRssInMiB, errors } = await measureHttp(
      store,
      environment,
      folder,
      sizes,
    );
    return {
      result: {
        http,
        traffic: trafficPerCommand,
        inProcess,
        rawFloor,
        overheadRatio: round(inProcess.p50 / Math.max(rawFloor.p50, 0.001)),
        inProcessWithoutBus,
        busyRequestsPerCommand,
        overheadRatioWithoutBus: round(inProcessWithoutBus.p50 / Math.max(rawFloor.p50, 0.001)),
        ...(inProcessIdle && {
          inProcessIdle,
          overheadRatioIdle: round(inProcessIdle.p50 / Math.max(rawFloor.p50, 0.001)),
        }),
        rawFloorWithIntent,
        overheadRatioWithIntent: round(inProcess.p50 / Math.max(rawFloorWithIntent.p50, 0.001)),
        lengths,
        errors,
      },
      peakRssInMiB,
    };
  } finally {
    await Promise.all([plain.close(), withSnapshots.close()]);
  }
}

async function measureHttp(store: BenchStore, environment: BenchEnvironment, folder: string, sizes: Sizes) {
  // The projection runner gets its own phase (the lag); here the host serves commands and publishes.
  const host = await startBenchHost({
    ...environment.settings,
    ConfigurationMap: configurationMapFor(store, `${folder}/http`),
    'AzureWebJobs.runProjections.Disabled': 'true',
    ...TIMERS_OFF,
  });
  const errors: string[] = [];
  try {
    const many = await openAccounts(host.url, `${store}-many`, sizes.accounts);
    const [hot] = await openAccounts(host.url, `${store}-hot`, 1);
    const http = {} as Record<'c1-many' | 'c16-many' | 'c1-hot' | 'c16-hot', LoadResult>;
    for (const [key, accounts, concurrency] of [
      ['c1-many', many, 1],
      ['c16-many', many, 16],
      ['c1-hot', [hot], 1],
      ['c16-hot', [hot], 16],
    ] as const) {
      http[key] = await runLoad(host.url, accounts as string[], concurrency, sizes.http);
      if (http[key].errors > 0) errors.push(`${store} ${key}: ${http[key].errors} command(s) failed`);
    }
    const trafficPerCommand = await measureTraffic(
      host.url,
      hot as string,
      sizes.traffic,
      environment.traffic,
      environment.resetTraffic,
    );
    const expected = 1 + 2 * sizes.http + 1 + sizes.traffic;
    const stream = (await (
      await fetch(`${host.url}/streams/bank.account/${hot}?fromVersion=${expected}`)
    ).json()) as { version: number };
    if (stream.version !== expected)
      errors.push(`${store}: the hot account holds ${stream.version} events, ${expected} were sent`);
    return { http, trafficPerCommand, peakRssInMiB: host.peakRssInMiB(), errors };
  } finally {
    await host.stop();
  }
}
