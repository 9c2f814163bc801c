// The health report: each configured event store is asked to answer within a short time. The route is
// anonymous, so a failed check says what failed in a few words, never the endpoint; the full error is logged.
import type { Application, OwnDeadLetters } from '../application.js';
import { StoreUnavailableError } from '../errors.js';
import { describeUnavailable } from '../stores/azureErrors.js';

export interface HealthCheck {
  name: string;
  status: 'healthy' | 'unhealthy';
  durationInMs: number;
  error?: string;
}

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
  deadLetters: DeadLetterNote[];
}

/** Where failed checks are logged with their full cause, e.g. the function's InvocationContext. */
export interface HealthLog {
  warn(...args: unknown[]): void;
}

const TIMEOUT_IN_MS = 3_000;

class CheckTimedOut extends Error {
  override readonly name = 'CheckTimedOut';
}

export async function checkHealth(application: Application, log: HealthLog = console): Promise<HealthReport> {
  const [checks, deadLetters] = await Promise.all([
    Promise.all([
      ...application.stores
        .entries()
        .map(([name, store]) => timed(`store:${name} (${store.name})`, () => store.checkHealth(), log)),
      timed('bus:events topic', () => application.messaging.publisher.checkHealth(), log),
    ]),
    Promise.all(application.deadLetters.map((queue) => deadLetterNote(queue, log))),
  ]);
  const status = checks.every((check) => check.status === 'healthy') ? 'healthy' : 'unhealthy';
  return { status, checks, deadLetters };
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
  if (count === 0) return { subscription, count };
  return {
    subscription,
    count,
    hint:
      `${count}${count === 100 ? '+' : ''} message(s) are dead-lettered; the replayDeadLetters timer replays them ` +
      'once the stores answer, or run `npm run dead-letters -- list` / `-- replay`.',
  };
}

async function timed(name: string, check: () => Promise<void>, log: HealthLog): Promise<HealthCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new CheckTimedOut()), TIMEOUT_IN_MS).unref();
      }),
    ]);
    return { name, status: 'healthy', durationInMs: Math.round(performance.now() - started) };
  } catch (error) {
    log.warn(`Health check ${name} failed:`, error);
    return {
      name,
      status: 'unhealthy',
      durationInMs: Math.round(performance.now() - started),
      error: describeFailure(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof CheckTimedOut) return `no answer within ${TIMEOUT_IN_MS} ms`;
  const cause = error instanceof StoreUnavailableError && error.cause !== undefined ? error.cause : error;
  return describeUnavailable(cause);
}
