// Sends that arrive close together go as one; the first after a quiet spell goes at once; a part the
// transport refuses fails alone.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PartRefusedError, SendLinger } from '../../src/messaging/sendLinger.js';

describe('SendLinger', () => {
  let sent: string[][];
  let now: number;
  const clock = () => now;

  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    now = 1_000;
  });
  afterEach(() => vi.useRealTimers());

  const recorder = (items: string[]) => {
    sent.push(items);
    return Promise.resolve();
  };
  /** Moves the clock and the timers on together. */
  const advance = async (ms: number) => {
    now += ms;
    await vi.advanceTimersByTimeAsync(ms);
  };

  it('sends the first items after a quiet spell at once', async () => {
    const linger = new SendLinger(recorder, 10, clock);
    await linger.send(['a']);
    expect(sent).toEqual([['a']]);
    await advance(50);
    await linger.send(['b']);
    expect(sent).toEqual([['a'], ['b']]);
  });

  it('groups what arrives within the linger of the last send into one send, in order', async () => {
    const linger = new SendLinger(recorder, 10, clock);
    await linger.send(['a']);
    await advance(2);
    const done: string[] = [];
    const b = linger.send(['b1', 'b2']).then(() => done.push('b'));
    await advance(3);
    const c = linger.send(['c']).then(() => done.push('c'));
    await advance(4);
    expect(sent).toEqual([['a']]); // 9 ms after 'a' went: both still wait
    expect(done).toEqual([]);
    await advance(1);
    await Promise.all([b, c]);
    expect(sent).toEqual([['a'], ['b1', 'b2', 'c']]);
    expect(done).toEqual(['b', 'c']);
  });

  it('holds nothing up behind a send the bus never answers', async () => {
    const hanging = (items: string[]) => {
      sent.push(items);
      return items.includes('stuck') ? new Promise<void>(() => {}) : Promise.resolve();
    };
    const linger = new SendLinger(hanging, 10, clock);
    void linger.send(['stuck']);
    await advance(3);
    const b = linger.send(['b']);
    const c = linger.send(['c']);
    await advance(7);
    await Promise.all([b, c]);
    expect(sent).toEqual([['stuck'], ['b', 'c']]);
    await linger.idle();
  });

  it('fails every part of a group the transport failed', async () => {
    const failing = vi.fn(async (items: string[]) => {
      sent.push(items);
      throw new Error('the bus is down');
    });
    const linger = new SendLinger(failing, 10, clock);
    await expect(linger.send(['a'])).rejects.toThrow('the bus is down');
    const b = linger.send(['b']);
    const c = linger.send(['c']);
    const outcomes = Promise.allSettled([b, c]);
    await advance(10);
    expect((await outcomes).map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(sent).toEqual([['a'], ['b', 'c']]); // not tried again one by one: the sweeper retries
  });

  it('sends the parts of a group on their own when one of them is refused, so only that one fails', async () => {
    const refusing = async (items: string[]) => {
      sent.push(items);
      if (items.includes('huge')) throw new PartRefusedError('huge is larger than a message may be');
    };
    const linger = new SendLinger(refusing, 10, clock);
    await linger.send(['a']);
    const b = linger.send(['b']);
    const huge = linger.send(['huge']);
    const c = linger.send(['c']);
    const outcomes = Promise.allSettled([b, huge, c]);
    await advance(10);
    expect((await outcomes).map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(sent).toEqual([['a'], ['b', 'huge', 'c'], ['b'], ['huge'], ['c']]);
  });

  it('sends each at once, concurrently, with no linger', async () => {
    const linger = new SendLinger(recorder, 0, clock);
    await Promise.all([linger.send(['a']), linger.send(['b'])]);
    expect(sent).toEqual([['a'], ['b']]);
  });

  it('is idle once everything waiting has been sent', async () => {
    const linger = new SendLinger(recorder, 10, clock);
    void linger.send(['a']);
    void linger.send(['b']);
    const idle = linger.idle();
    await advance(10);
    await idle;
    expect(sent).toEqual([['a'], ['b']]);
  });
});
