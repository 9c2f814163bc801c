// The cost of tracing: command latency over HTTP on the Table store with TelemetryTracing on (spans kept in the
// in-memory ring, as `npm start` does without an endpoint) and off. Two hosts run side by side and take turns,
// a round of sequential deposits each, so a machine that gets busier during the run weighs on both alike.
import { join } from 'node:path';
import { openAccounts, post } from './commandPath.js';
import { type BenchEnvironment, configurationMapFor } from './environment.js';
import { type BenchHost, startBenchHost } from './hostProcess.js';
import { type LatencySummary, round, summarize } from './stats.js';

export interface TracingCostResult {
  on: LatencySummary;
  off: LatencySummary;
  /** (p50 on − p50 off) / p50 off, in percent. */
  p50CostPercent: number;
}

export async function measureTracingCost(
  environment: BenchEnvironment,
  dataFolder: string,
  quick: boolean,
): Promise<TracingCostResult> {
  const [rounds, perRound] = quick ? [3, 20] : [10, 100];
  const hosts: Record<'on' | 'off', BenchHost | undefined> = { on: undefined, off: undefined };
  try {
    for (const mode of ['on', 'off'] as const) {
      hosts[mode] = await startBenchHost({
        ...environment.settings,
        ConfigurationMap: configurationMapFor('table', join(dataFolder, mode)),
        // The topic nobody subscribes to: on `events` these deposits would wait for the projection lag phase's
        // runner, which would have to work through them first.
        EventsTopicName: 'commands',
        TelemetryTracing: mode,
      });
    }
    const samples: Record<'on' | 'off', number[]> = { on: [], off: [] };
    const accounts: Record<'on' | 'off', string[]> = { on: [], off: [] };
    for (const mode of ['on', 'off'] as const) {
      const { url } = hosts[mode] as BenchHost;
      accounts[mode] = await openAccounts(url, `trace-${mode}`, 20);
      await deposits(url, accounts[mode], perRound); // warm-up
    }
    for (let round = 0; round < rounds; round++) {
      for (const mode of round % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
        samples[mode].push(...(await deposits((hosts[mode] as BenchHost).url, accounts[mode], perRound)));
      }
    }
    const on = summarize(samples.on);
    const off = summarize(samples.off);
    return { on, off, p50CostPercent: round((100 * (on.p50 - off.p50)) / off.p50, 1) };
  } finally {
    await Promise.all(Object.values(hosts).map((host) => host?.stop()));
  }
}

async function deposits(url: string, accounts: string[], count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    const deposit = () =>
      post(url, `/commands/bank.account/${accounts[index % accounts.length]}/deposit`, { amount: 1 });
    let status = await deposit();
    // A 503 (Azurite slow past the store deadline on this shared machine) is asked again, as a client would; the
    // sample then includes it, whichever host it befell.
    for (let retries = 0; status === 503 && retries < 3; retries++) status = await deposit();
    if (status !== 200) throw new Error(`A deposit answered ${status}`);
    samples.push(performance.now() - started);
  }
  return samples;
}
