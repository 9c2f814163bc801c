// Workflows (issue 13): how long a money transfer takes to complete, and what the engine costs in storage.
// The local host runs the workflow engine (and, to keep the figure about workflows, a projections trigger whose
// subscription receives nothing), on the Table store behind the counting proxy.
// - Storage requests: transfers one at a time; the proxy's count while the `request` command is answered is the
//   command's, the count from its 200 until the transfer has completed (and the background work has settled) is
//   the engine's: the instance's appends, the withdraw, deposit and complete commands, the markers moved on.
// - Completion time: `request`s at a steady rate over HTTP; from each 200 until the transfer reads `completed`.
// Progress is read straight from Azurite, not through the proxy, so watching costs nothing in the counts.
import { setTimeout as sleep } from 'node:timers/promises';
import { parseConfigurationMap } from '../src/config/configurationMap.js';
import { EventStores } from '../src/stores/eventStores.js';
import { post } from './commandPath.js';
import { type BenchEnvironment, configurationMapFor } from './environment.js';
import { startBenchHost, TIMERS_OFF } from './hostProcess.js';
import { type LatencySummary, round, summarize } from './stats.js';

export interface TransferCompletionResult {
  ratePerSecond: number;
  durationInSeconds: number;
  transfers: number;
  completion: LatencySummary;
  /** Transfers that had not completed 30 s after their request. */
  unfinished: number;
  /** Storage requests per transfer (mean over the sequential transfers): the request command's and the engine's. */
  requestsPerTransfer: { request: number; engine: number; samples: number };
}

const GIVE_UP_AFTER_IN_MS = 30_000;
const ACCOUNTS = 40;

export async function measureTransferCompletion(
  environment: BenchEnvironment,
  folder: string,
  options: { ratePerSecond: number; durationInSeconds: number; sequential: number },
): Promise<TransferCompletionResult> {
  const map = configurationMapFor('table', folder);
  const host = await startBenchHost({
    ...environment.settings,
    ConfigurationMap: map,
    EventsTopicName: 'transfers',
    ProjectionsSubscriptionName: 'idle',
    WorkflowsSubscriptionName: 'workflows',
    WorkflowTimersQueueName: 'workflow-timers',
    // The 00:00 run counted 6.3 and 24.8 requests per transfer where a sweep of the markers the phases before
    // left quiet ran into the one-at-a-time transfers' windows (3.1 and 13.1 in a phase of its own).
    ...TIMERS_OFF,
  });
  // A reader straight at Azurite, beside the proxy.
  const stores = new EventStores(
    parseConfigurationMap(JSON.parse(map), 'bench', ['bank.account', 'bank.transfer']),
    { EventStorage: environment.emulators.connectionStrings.storage },
  );
  const status = async (id: string) => {
    const { events } = await stores
      .forAggregateType('bank.transfer')
      .readStream({ aggregateType: 'bank.transfer', aggregateId: id });
    return events.at(-1)?.type;
  };
  const waitFor = async (id: string, since: number) => {
    for (;;) {
      const last = await status(id);
      if (last === 'TransferCompleted') return performance.now() - since;
      if (last === 'TransferFailed' || last === 'TransferExpired') throw new Error(`${id}: ${last}`);
      if (performance.now() - since > GIVE_UP_AFTER_IN_MS) return undefined;
      await sleep(10);
    }
  };
  try {
    const accounts = Array.from({ length: ACCOUNTS }, (_, index) => `payer-${index}`);
    for (const id of accounts) {
      await post(host.url, `/commands/bank.account/${id}/open`, { owner: 'Bench' });
      await post(host.url, `/commands/bank.account/${id}/deposit`, { amount: 1_000_000 });
    }
    const request = (id: string, index: number) =>
      post(host.url, `/commands/bank.transfer/${id}/request`, {
        from: accounts[index % ACCOUNTS],
        to: accounts[(index + 1) % ACCOUNTS],
        amount: 1,
      });

    const perRequest: number[] = [];
    const perEngine: number[] = [];
    for (let index = 0; index < options.sequential; index++) {
      const id = `seq-${index}`;
      await sleep(200); // let the background work of the one before settle
      environment.resetTraffic();
      if ((await request(id, index)) !== 200) throw new Error(`request ${id} failed`);
      perRequest.push(environment.traffic().requests);
      if ((await waitFor(id, performance.now())) === undefined) throw new Error(`${id} did not complete`);
      await sleep(200);
      perEngine.push(environment.traffic().requests - (perRequest.at(-1) ?? 0));
    }

    const total = Math.round(options.ratePerSecond * options.durationInSeconds);
    const completions: number[] = [];
    let unfinished = 0;
    const waits: Promise<void>[] = [];
    const started = performance.now();
    for (let index = 0; index < total; index++) {
      const due = started + (index * 1000) / options.ratePerSecond;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      waits.push(
        (async () => {
          const id = `rate-${index}`;
          if ((await request(id, index)) !== 200) throw new Error(`request ${id} failed`);
          const took = await waitFor(id, performance.now());
          if (took === undefined) unfinished++;
          else completions.push(took);
        })(),
      );
    }
    await Promise.all(waits);
    const mean = (values: number[]) =>
      round(values.reduce((sum, value) => sum + value, 0) / values.length, 1);
    return {
      ratePerSecond: options.ratePerSecond,
      durationInSeconds: options.durationInSeconds,
      transfers: total,
      completion: summarize(completions),
      unfinished,
      requestsPerTransfer: { request: mean(perRequest), engine: mean(perEngine), samples: perRequest.length },
    };
  } finally {
    await stores.close();
    await host.stop();
  }
}
