// Parsing stored bytes back into envelopes (Append Blob lines, File Share and Local File lines): a line that is
// not an envelope makes the stream unreadable, named by the version after the last readable record.
import { describe, expect, it } from 'vitest';
import { UnreadableStreamError } from '../../src/errors.js';
import { appendBlockBody, lastRecordVersion, parseRecords } from '../../src/stores/appendBlob/records.js';
import { parseLines } from '../../src/stores/commandLines.js';
import { makeEvents } from '../support/envelopes.js';

const stream = { aggregateType: 'test.thing', aggregateId: 'a-1' };
const lines = (...parts: string[]) => Buffer.from(parts.map((part) => `${part}\n`).join(''));
const envelopes = makeEvents(stream, 4, 3).map((event) => JSON.stringify(event));

describe('Append Blob records', () => {
  it('parses whole lines and leaves a cut last line for later', () => {
    const body = appendBlockBody(envelopes);
    const { records, consumed } = parseRecords(
      stream,
      body.subarray(0, body.length - 10),
      { blobIndex: 0, offset: 100 },
      4,
    );
    expect(records.map((record) => [record.event.version, record.offset])).toEqual([
      [5, 100],
      [6, 100 + (envelopes[0]?.length ?? 0) + 1],
    ]);
    expect(consumed).toBe(body.indexOf(0x0a, (envelopes[0]?.length ?? 0) + 1) + 1);
  });

  it.each([
    ['not JSON', '{"version": oops'],
    ['JSON but no envelope', '[1,2]'],
    ['an envelope without a version', '{"type":"X"}'],
  ])('names the version after the last good record for a line that is %s', (_, damaged) => {
    const content = lines(envelopes[0] ?? '', damaged, envelopes[2] ?? '');
    expect(() => parseRecords(stream, content, { blobIndex: 0, offset: 0 }, 4)).toThrow(
      expect.objectContaining({ code: 'unreadable-event', version: 6 }),
    );
  });

  it('names a damaged last line from the tail of a blob by the line before it', () => {
    const tail = lines(envelopes[0] ?? '', envelopes[1] ?? '', 'garbage');
    expect(() => lastRecordVersion(stream, tail, true)).toThrow(UnreadableStreamError);
    expect(() => lastRecordVersion(stream, tail, true)).toThrow(expect.objectContaining({ version: 7 }));
    expect(lastRecordVersion(stream, lines(envelopes[0] ?? ''), true)).toEqual({ kind: 'found', version: 5 });
  });
});

describe('File Share and Local File lines', () => {
  it('names the version after the last good line for a damaged line', () => {
    const first = `[${envelopes.slice(0, 2).join(',')}]`;
    const content = lines(first, '#'.repeat(40), `[${envelopes[2]}]`);
    expect(() => parseLines(stream, content, 0, 4)).toThrow(expect.objectContaining({ version: 7, stream }));
    expect(parseLines(stream, lines(first), 0, 4).map((line) => line.events.length)).toEqual([2]);
  });
});
