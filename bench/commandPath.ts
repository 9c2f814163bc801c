// The command path over real HTTP against the local host: throughput and latency at a given concurrency, on
// many aggregates or one hot aggregate; and what one command costs in storage traffic, split into the
// critical path (while the client waits) and background work (publishing, removing the intent).
import type { TrafficCounts } from './countingProxy.js';
import { type LatencySummary, round, summarize } from './stats.js';

export interface LoadResult {
  commandsPerSecond: number;
  latency: LatencySummary;
  conflicts: number;
  errors: number;
}

export async function post(url: string, path: string, body: unknown): Promise<number> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

export async function openAccounts(url: string, prefix: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, index) => `${prefix}-${index}`);
  for (let start = 0; start < ids.length; start += 16) {
    await Promise.all(
      ids
        .slice(start, start + 16)
        .map((id) => post(url, `/commands/bank.account/${id}/open`, { owner: 'Bench' })),
    );
  }
  return ids;
}

/** `total` deposits from `concurrency` clients over `accounts` (round robin); a 409 is re-sent, as clients do. */
export async function runLoad(
  url: string,
  accounts: string[],
  concurrency: number,
  total: number,
): Promise<LoadResult> {
  const samples: number[] = [];
  let next = 0;
  let conflicts = 0;
  let errors = 0;
  const client = async () => {
    for (let index = next++; index < total; index = next++) {
      const id = accounts[index % accounts.length] as string;
      const started = performance.now();
      for (;;) {
        const status = await post(url, `/commands/bank.account/${id}/deposit`, { amount: 1 });
        if (status === 200) break;
        if (status !== 409) {
          errors++;
          break;
        }
        conflicts++;
      }
      samples.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, client));
  const seconds = (performance.now() - started) / 1000;
  return { commandsPerSecond: round(total / seconds, 1), latency: summarize(samples), conflicts, errors };
}

export interface TrafficPerCommand {
  criticalRequests: number;
  criticalBytes: number;
  backgroundRequests: number;
  backgroundBytes: number;
}

/**
 * Sequential deposits on one warm account: storage traffic between sending a command and its response is its
 * critical path; what follows until the traffic settles is background work.
 */
export async function measureTraffic(
  url: string,
  accountId: string,
  count: number,
  traffic: () => TrafficCounts,
  reset: () => void,
): Promise<TrafficPerCommand> {
  await post(url, `/commands/bank.account/${accountId}/deposit`, { amount: 1 });
  await settle(traffic);
  const totals = { criticalRequests: 0, criticalBytes: 0, backgroundRequests: 0, backgroundBytes: 0 };
  for (let index = 0; index < count; index++) {
    reset();
    await post(url, `/commands/bank.account/${accountId}/deposit`, { amount: 1 });
    const critical = traffic();
    const criticalRequests = critical.requests;
    const criticalBytes = critical.bytesSent + critical.bytesReceived;
    const all = await settle(traffic);
    totals.criticalRequests += criticalRequests;
    totals.criticalBytes += criticalBytes;
    totals.backgroundRequests += all.requests - criticalRequests;
    totals.backgroundBytes += all.bytesSent + all.bytesReceived - criticalBytes;
  }
  return {
    criticalRequests: round(totals.criticalRequests / count, 2),
    criticalBytes: Math.round(totals.criticalBytes / count),
    backgroundRequests: round(totals.backgroundRequests / count, 2),
    backgroundBytes: Math.round(totals.backgroundBytes / count),
  };
}

/**
 * Waits until no storage request has arrived for 300 ms (longer than the 200 ms a marker's move waits for more
 * commands), and returns the counts then.
 */
async function settle(traffic: () => TrafficCounts): Promise<TrafficCounts> {
  let last = traffic().requests;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = traffic();
    if (now.requests === last) return now;
    last = now.requests;
  }
}
