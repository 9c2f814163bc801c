// Retrying transient failures within a time window (src/shared/retry.ts), as the message handlers use it.
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/errors.js';
import { MissingEventsError } from '../../src/projections/projectionEvents.js';
import { isTransientProjectionFailure } from '../../src/projections/transient.js';
import { InvalidMessageError } from '../../src/shared/jsonBody.js';
import { retryTransient } from '../../src/shared/retry.js';

const transient = (error: unknown) => error instanceof StoreUnavailableError;

describe('retryTransient', () => {
  it('tries again after a transient failure until the work succeeds', async () => {
    let attempts = 0;
    const retries: number[] = [];
    const result = await retryTransient(
      async () => {
        attempts++;
        if (attempts < 4) throw new StoreUnavailableError('down');
        return 'done';
      },
      {
        retryForInMs: 10_000,
        isTransient: transient,
        firstDelayInMs: 1,
        onRetry: (_, attempt) => retries.push(attempt),
      },
    );
    expect(result).toBe('done');
    expect(attempts).toBe(4);
    expect(retries).toEqual([1, 2, 3]);
  });

  it('rethrows a failure that is not transient at once', async () => {
    let attempts = 0;
    const failing = retryTransient(
      async () => {
        attempts++;
        throw new InvalidMessageError('not an event');
      },
      { retryForInMs: 10_000, isTransient: transient, firstDelayInMs: 1 },
    );
    await expect(failing).rejects.toBeInstanceOf(InvalidMessageError);
    expect(attempts).toBe(1);
  });

  it('gives up with the last failure once the window has passed', async () => {
    let attempts = 0;
    const failing = retryTransient(
      async () => {
        attempts++;
        throw new StoreUnavailableError(`down ${attempts}`);
      },
      { retryForInMs: 30, isTransient: transient, firstDelayInMs: 5, maxDelayInMs: 5 },
    );
    await expect(failing).rejects.toThrow(/down \d+/);
    expect(attempts).toBeGreaterThan(1);
  });

  it('tries once when the window is zero', async () => {
    let attempts = 0;
    const failing = retryTransient(
      async () => {
        attempts++;
        throw new StoreUnavailableError('down');
      },
      { retryForInMs: 0, isTransient: transient },
    );
    await expect(failing).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(attempts).toBe(1);
  });
});

describe('isTransientProjectionFailure', () => {
  it('retries outages and lagging stores, not bad messages or programming errors', () => {
    expect(isTransientProjectionFailure(new StoreUnavailableError('down'))).toBe(true);
    expect(isTransientProjectionFailure(new MissingEventsError('not yet'))).toBe(true);
    expect(isTransientProjectionFailure({ name: 'RestError', code: 'ECONNREFUSED' })).toBe(true);
    expect(isTransientProjectionFailure({ name: 'RestError', statusCode: 503 })).toBe(true);
    expect(isTransientProjectionFailure(new InvalidMessageError('no'))).toBe(false);
    expect(isTransientProjectionFailure(new TypeError('bug'))).toBe(false);
  });
});
