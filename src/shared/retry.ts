// Retrying work that failed for a transient reason (a store down, a race lost too often) with growing,
// jittered pauses, for as long as a time window allows. Message handlers use it so an outage of a few minutes
// is waited out while the message stays locked, instead of spending its delivery count in seconds.

export interface RetryOptions {
  /** Keep retrying until this much time has passed since the first attempt (0: try once). */
  retryForInMs: number;
  /** Which failures are worth another try; anything else is rethrown at once. */
  isTransient: (error: unknown) => boolean;
  /** First pause (default 250 ms); each later one doubles, up to `maxDelayInMs` (default 10 s). */
  firstDelayInMs?: number;
  maxDelayInMs?: number;
  /** Told before each pause, e.g. to log. */
  onRetry?: (error: unknown, attempt: number, delayInMs: number) => void;
}

export async function retryTransient<T>(work: () => Promise<T>, options: RetryOptions): Promise<T> {
  const started = performance.now();
  const first = options.firstDelayInMs ?? 250;
  const max = options.maxDelayInMs ?? 10_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const left = options.retryForInMs - (performance.now() - started);
      if (!options.isTransient(error) || left <= 0) throw error;
      // Full jitter over half the window, so many waiting messages do not retry in lock-step.
      const window = Math.min(max, first * 2 ** (attempt - 1));
      const delay = Math.min(left, window / 2 + Math.random() * (window / 2));
      options.onRetry?.(error, attempt, delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
