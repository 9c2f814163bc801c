// prepareAppend: the checks every adapter makes before writing; and stream file names on case-blind file systems.
import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError } from '../../src/errors.js';
import { DEFAULT_LIMITS, prepareAppend } from '../../src/stores/appendChecks.js';
import type { StoreLimits } from '../../src/stores/eventStore.js';
import { decodeFileName, encodeFileName } from '../../src/stores/fileNames.js';
import { makeEvents } from '../support/envelopes.js';

const stream = { aggregateType: 'bank.account', aggregateId: 'acc-1' };
const roomy: StoreLimits = { maxEventsPerAppend: 10, maxEventBytes: 10_000, maxAppendBytes: 100_000 };

describe('prepareAppend', () => {
  it('returns each envelope as JSON, in order', () => {
    const events = makeEvents(stream, 2, 3);
    expect(prepareAppend(stream, 2, events, roomy)).toEqual(events.map((event) => JSON.stringify(event)));
  });

  it.each([-1, 1.5, Number.NaN])('rejects expectedVersion %d with a RangeError', (expectedVersion) => {
    expect(() => prepareAppend(stream, expectedVersion, makeEvents(stream, 0, 1), roomy)).toThrow(RangeError);
  });

  it('rejects an empty append with a RangeError', () => {
    expect(() => prepareAppend(stream, 0, [], roomy)).toThrow(RangeError);
  });

  it('rejects events that do not continue the stream at expectedVersion + 1', () => {
    expect(() => prepareAppend(stream, 0, makeEvents(stream, 1, 1), roomy)).toThrow(RangeError);
    expect(() => prepareAppend(stream, 2, makeEvents(stream, 1, 2), roomy)).toThrow(RangeError);
  });

  it('rejects a gap or a duplicate version inside the append', () => {
    const [first, , third] = makeEvents(stream, 0, 3);
    if (!first || !third) throw new Error('makeEvents returned too few events');
    expect(() => prepareAppend(stream, 0, [first, third], roomy)).toThrow(RangeError);
    expect(() => prepareAppend(stream, 0, [first, first], roomy)).toThrow(RangeError);
  });

  it('rejects events of another stream', () => {
    expect(() =>
      prepareAppend(stream, 0, makeEvents({ ...stream, aggregateId: 'acc-2' }, 0, 1), roomy),
    ).toThrow(RangeError);
    expect(() =>
      prepareAppend(stream, 0, makeEvents({ ...stream, aggregateType: 'fleet.vehicle' }, 0, 1), roomy),
    ).toThrow(RangeError);
  });

  it('accepts exactly maxEventsPerAppend events and rejects one more with PayloadTooLargeError', () => {
    const limits = { ...roomy, maxEventsPerAppend: 3 };
    expect(prepareAppend(stream, 0, makeEvents(stream, 0, 3), limits)).toHaveLength(3);
    expect(() => prepareAppend(stream, 0, makeEvents(stream, 0, 4), limits)).toThrow(PayloadTooLargeError);
  });

  it('allows 99 events per append by default, not 100', () => {
    expect(DEFAULT_LIMITS.maxEventsPerAppend).toBe(99);
    expect(() => prepareAppend(stream, 0, makeEvents(stream, 0, 100), DEFAULT_LIMITS)).toThrow(
      PayloadTooLargeError,
    );
  });

  it('measures maxEventBytes in UTF-8 bytes, so multi-byte characters count', () => {
    const events = makeEvents(stream, 0, 1, () => ({ note: '€'.repeat(100) }));
    const json = JSON.stringify(events[0]);
    const bytes = Buffer.byteLength(json);
    expect(bytes).toBe(json.length + 200); // each € is 1 UTF-16 unit but 3 UTF-8 bytes
    expect(prepareAppend(stream, 0, events, { ...roomy, maxEventBytes: bytes })).toHaveLength(1);
    expect(() => prepareAppend(stream, 0, events, { ...roomy, maxEventBytes: json.length + 100 })).toThrow(
      PayloadTooLargeError,
    );
  });

  it('rejects an append whose events together exceed maxAppendBytes', () => {
    const events = makeEvents(stream, 0, 3);
    const total = events.reduce((sum, event) => sum + Buffer.byteLength(JSON.stringify(event)), 0);
    expect(prepareAppend(stream, 0, events, { ...roomy, maxAppendBytes: total })).toHaveLength(3);
    expect(() => prepareAppend(stream, 0, events, { ...roomy, maxAppendBytes: total - 1 })).toThrow(
      PayloadTooLargeError,
    );
  });
});

describe('stream file names', () => {
  it.each(['abc', 'Abc', 'ABC', 'A-1_b', 'x@Y.z', 'a.b', '0042'])('round-trips %s', (id) => {
    expect(decodeFileName(encodeFileName(id))).toBe(id);
  });

  it('encodes to lower case only', () => {
    expect(encodeFileName('AbC-Z@x.Y')).toBe(encodeFileName('AbC-Z@x.Y').toLowerCase());
  });

  it('keeps Abc and abc apart even on a file system that ignores case', () => {
    const names = ['ab', 'Ab', 'aB', 'AB'].map((id) => encodeFileName(id).toLowerCase());
    expect(new Set(names).size).toBe(4);
    expect(encodeFileName('Abc')).not.toBe(encodeFileName('abc'));
  });

  it('leaves lower-case ids unchanged', () => {
    expect(encodeFileName('acc-1@x.y')).toBe('acc-1@x.y');
  });
});
