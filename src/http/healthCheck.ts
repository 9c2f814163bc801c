// One check of the health report: run within a short time, timed, and described in a few words when it fails
// (the route is anonymous: never an endpoint; the full error is logged).
import { StoreUnavailableError } from '../errors.js';
import { describeUnavailable } from '../stores/azureErrors.js';

export interface HealthCheck {
  name: string;
  status: 'healthy' | 'unhealthy';
  durationInMs: number;
  error?: string;
}

/** Where failed checks are logged with their full cause, e.g. the function's InvocationContext. */
export interface HealthLog {
  warn(...args: unknown[]): void;
}

export const CHECK_TIMEOUT_IN_MS = 3_000;

class CheckTimedOut extends Error {
  override readonly name = 'CheckTimedOut';
}

/** A check that answered but found a limit passed: its message is the check's error, as it is. */
export class LimitPassed extends Error {
  override readonly name = 'LimitPassed';
}

export async function timed(name: string, check: () => Promise<void>, log: HealthLog): Promise<HealthCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new CheckTimedOut()), CHECK_TIMEOUT_IN_MS).unref();
      }),
    ]);
    return { name, status: 'healthy', durationInMs: Math.round(performance.now() - started) };
  } catch (error) {
    log.warn(`Health check ${name} failed:`, error instanceof LimitPassed ? error.message : error);
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
  if (error instanceof CheckTimedOut) return `no answer within ${CHECK_TIMEOUT_IN_MS} ms`;
  if (error instanceof LimitPassed) return error.message;
  const cause = error instanceof StoreUnavailableError && error.cause !== undefined ? error.cause : error;
  return describeUnavailable(cause);
}
