// The publish backlog: how many publish intents wait and how old the oldest is. The normal path removes an
// intent within milliseconds of its append and the sweeper publishes what outlives that, so an old intent
// means publishing is stuck. One page of the intents store is read (a probe must stay cheap): at most `limit`
// are counted. The figures are also recorded as metrics.
import { type Clock, systemClock } from '../shared/clock.js';
import type { PublishIntentStore } from '../stores/intents/publishIntentStore.js';
import { appMetrics } from '../telemetry/metrics.js';

export interface PublishBacklog {
  /** Intents waiting (at most `limit`). */
  intents: number;
  /** True when `limit` were found: there may be more. */
  atLeast: boolean;
  /** Age of the oldest intent counted; 0 when none wait. */
  oldestAgeInMs: number;
}

export async function publishBacklog(
  intents: PublishIntentStore,
  now: Clock = systemClock,
  limit = 1000,
): Promise<PublishBacklog> {
  const at = now();
  let count = 0;
  let oldest = at.getTime();
  for await (const page of intents.pagesCreatedBefore(at, limit)) {
    for (const intent of page.slice(0, limit - count))
      oldest = Math.min(oldest, Date.parse(intent.createdAt));
    count = Math.min(limit, count + page.length);
    if (count >= limit) break;
  }
  const backlog = {
    intents: count,
    atLeast: count >= limit,
    oldestAgeInMs: Math.max(0, at.getTime() - oldest),
  };
  const metrics = appMetrics();
  metrics.publishBacklog.record(backlog.intents);
  metrics.publishOldestAgeInMs.record(backlog.oldestAgeInMs);
  return backlog;
}
