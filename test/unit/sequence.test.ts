// SequenceClock: a cross-aggregate ordering stamp in microseconds that never repeats or goes back in one process.
import { describe, expect, it } from 'vitest';
import { SequenceClock } from '../../src/commands/sequence.js';

/** A clock that returns the given readings in turn (then repeats the last). */
function clockReading(...readingsInMs: number[]): () => number {
  let index = 0;
  return () => readingsInMs[Math.min(index++, readingsInMs.length - 1)] ?? 0;
}

describe('SequenceClock', () => {
  it('follows the wall clock in microseconds', () => {
    const clock = new SequenceClock(clockReading(1_700_000_000_000, 1_700_000_000_005.25));
    expect(clock.next()).toBe(1_700_000_000_000_000);
    expect(clock.next()).toBe(1_700_000_000_005_250);
  });

  it('is strictly increasing while the clock stands still', () => {
    const clock = new SequenceClock(() => 1_000);
    expect([clock.next(), clock.next(), clock.next()]).toEqual([1_000_000, 1_000_001, 1_000_002]);
  });

  it('is strictly increasing when the clock goes backwards', () => {
    const clock = new SequenceClock(clockReading(2_000, 1_000, 1_500));
    expect([clock.next(), clock.next(), clock.next()]).toEqual([2_000_000, 2_000_001, 2_000_002]);
  });

  it('follows the wall clock again once it has caught up', () => {
    const clock = new SequenceClock(clockReading(2_000, 1_000, 3_000));
    clock.next();
    clock.next();
    expect(clock.next()).toBe(3_000_000);
  });

  it('never repeats over many calls within one millisecond', () => {
    const clock = new SequenceClock(() => 5);
    const stamps = Array.from({ length: 5_000 }, () => clock.next());
    expect(new Set(stamps).size).toBe(stamps.length);
    expect(stamps.every((stamp, index) => index === 0 || stamp > (stamps[index - 1] ?? 0))).toBe(true);
  });

  it('uses Date.now by default', () => {
    const before = Date.now() * 1000;
    const stamp = new SequenceClock().next();
    const after = Date.now() * 1000;
    expect(stamp).toBeGreaterThanOrEqual(before);
    expect(stamp).toBeLessThanOrEqual(after + 1);
    expect(Number.isSafeInteger(stamp)).toBe(true);
  });
});
