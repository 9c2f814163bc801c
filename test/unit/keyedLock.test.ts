// KeyedLock: work for one key runs one job at a time in arrival order; different keys do not wait for each other.
import { describe, expect, it } from 'vitest';
import { KeyedLock } from '../../src/commands/keyedLock.js';

interface Gate {
  promise: Promise<void>;
  open(): void;
}

function gate(): Gate {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('KeyedLock', () => {
  it('returns what the work returns', async () => {
    await expect(new KeyedLock().run('k', async () => 42)).resolves.toBe(42);
  });

  it('does not start a second job for a key until the first has finished', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const first = gate();
    const a = lock.run('acc-1', async () => {
      log.push('a started');
      await first.promise;
      log.push('a finished');
    });
    const b = lock.run('acc-1', async () => {
      log.push('b started');
    });
    await settle();
    expect(log).toEqual(['a started']);
    first.open();
    await Promise.all([a, b]);
    expect(log).toEqual(['a started', 'a finished', 'b started']);
  });

  it('runs the jobs of one key in arrival order, whatever each one takes', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const delays = [30, 0, 20, 5, 10, 0];
    await Promise.all(
      delays.map((delay, index) =>
        lock.run('acc-1', async () => {
          log.push(`start ${index}`);
          await new Promise((resolve) => setTimeout(resolve, delay));
          log.push(`end ${index}`);
        }),
      ),
    );
    expect(log).toEqual(delays.flatMap((_, index) => [`start ${index}`, `end ${index}`]));
  });

  it('runs different keys concurrently', async () => {
    const lock = new KeyedLock();
    const blocked = gate();
    let firstDone = false;
    const first = lock.run('acc-1', async () => {
      await blocked.promise;
      firstDone = true;
    });
    await expect(lock.run('acc-2', async () => 'other key ran')).resolves.toBe('other key ran');
    expect(firstDone).toBe(false);
    blocked.open();
    await first;
    expect(firstDone).toBe(true);
  });

  it('passes an error to its caller and still runs the next job for the key', async () => {
    const lock = new KeyedLock();
    const failing = lock.run('acc-1', async () => {
      throw new Error('boom');
    });
    const next = lock.run('acc-1', async () => 'next ran');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next ran');
  });

  it('still serialises a key after a job failed', async () => {
    const lock = new KeyedLock();
    await lock.run('acc-1', async () => Promise.reject(new Error('boom'))).catch(() => {});
    const log: string[] = [];
    const slow = gate();
    const a = lock.run('acc-1', async () => {
      log.push('a');
      await slow.promise;
      log.push('a done');
    });
    const b = lock.run('acc-1', async () => {
      log.push('b');
    });
    await settle();
    expect(log).toEqual(['a']);
    slow.open();
    await Promise.all([a, b]);
    expect(log).toEqual(['a', 'a done', 'b']);
  });

  it('accepts new work for a key once its queue has drained', async () => {
    const lock = new KeyedLock();
    await lock.run('acc-1', async () => 1);
    await expect(lock.run('acc-1', async () => 2)).resolves.toBe(2);
  });
});
