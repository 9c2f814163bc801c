// The health report: each configured event store is asked to answer within a short time. The route is
// anonymous, so a failed check says what failed in a few words, never the endpoint; the full error is logged.
import type { Application, OwnDeadLetters } from '../application.js';
import { appMetrics } from '../telemetry/metrics.js';
import { type HealthCheck, type HealthLog, timed } from './healthCheck.js';
import { type ProjectionLag, type PublishBacklog, readSideChecks } from './readSideHealth.js';

export type { HealthCheck, HealthLog } from './healthCheck.js';

/** What waits in the dead-letter queue of one of the app's own subscriptions (does not make the app unhealthy). */
export interface DeadLetterNote {
  subscription: string;
  /** Messages found (at most 100 are counted); absent when the queue could not be read. */
  count?: number;
  hint?: string;
  error?: string;
}

export interface HealthReport {
  status: 'healthy' | 'unhealthy';
  checks: HealthCheck[];
  /** Publish intents waiting, and the oldest one's age (absent when the intents could not be read). */
  publishBacklog?: PublishBacklog;
  /** Per projection: the messages waiting for it and the oldest one's age (absent when the bus could not be read). */
  projections?: ProjectionLag[];
  deadLetters: DeadLetterNote[];
}

export async function checkHealth(application: Application, log: HealthLog = console): Promise<HealthReport> {
  const [reachable, readSide, deadLetters] = await Promise.all([
    Promise.all([
      ...application.stores
        .entries()
        .map(([name, store]) => timed(`store:${name} (${store.name})`, () => store.checkHealth(), log)),
      timed('bus:events topic', () => application.messaging.publisher.checkHealth(), log),
    ]),
    readSideChecks(application, log),
    Promise.all(application.deadLetters.map((queue) => deadLetterNote(queue, log))),
  ]);
  const checks = [...reachable, ...readSide.checks];
  const status = checks.every((check) => check.status === 'healthy') ? 'healthy' : 'unhealthy';
  const { publishBacklog, projections } = readSide;
  return {
    status,
    checks,
    ...(publishBacklog && { publishBacklog }),
    ...(projections && { projections }),
    deadLetters,
  };
}

async function deadLetterNote(queue: OwnDeadLetters, log: HealthLog): Promise<DeadLetterNote> {
  const { subscription } = queue;
  let count = 0;
  const check = await timed(
    `dead letters of ${subscription}`,
    async () => {
      count = (await queue.peek(100)).length;
    },
    log,
  );
  if (check.status === 'unhealthy') return { subscription, error: check.error ?? 'unreachable' };
  appMetrics().deadLettered.record(count, { 'app.subscription': subscription });
  if (count === 0) return { subscription, count };
  return {
    subscription,
    count,
    hint:
      `${count}${count === 100 ? '+' : ''} message(s) are dead-lettered; the replayDeadLetters timer replays them ` +
      'once the stores answer, or run `npm run dead-letters -- list` / `-- replay`.',
  };
}
