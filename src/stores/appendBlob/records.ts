// The blob content format: one JSON envelope per line, and all lines of one command in one append block, so
// every block ends with a newline and a reader never sees part of a command.
import type { EventEnvelope } from '../eventStore.js';

const NEWLINE = 0x0a;

/** One stored envelope and the byte offset just after its line. */
export interface StoredRecord {
  event: EventEnvelope;
  blobIndex: number;
  end: number;
}

/** The bytes of one append block holding a command's envelopes (already serialized). */
export function appendBlockBody(serializedEvents: string[]): Buffer {
  return Buffer.from(`${serializedEvents.join('\n')}\n`, 'utf8');
}

/** Parses the complete lines of part of a blob that starts at byte `baseOffset` (a line boundary). */
export function parseRecords(content: Buffer, blobIndex: number, baseOffset: number): StoredRecord[] {
  const records: StoredRecord[] = [];
  let start = 0;
  for (let newline = content.indexOf(NEWLINE); newline >= 0; newline = content.indexOf(NEWLINE, start)) {
    const event = JSON.parse(content.subarray(start, newline).toString('utf8')) as EventEnvelope;
    records.push({ event, blobIndex, end: baseOffset + newline + 1 });
    start = newline + 1;
  }
  return records;
}

export type TailVersion = { kind: 'empty' } | { kind: 'incomplete' } | { kind: 'found'; version: number };

/**
 * The version of the last record in the tail of a blob. `startsAtRecord` says whether the tail begins at a
 * line boundary (the blob's start); otherwise its first line may be cut and only a line after a newline
 * counts, so a tail too short to hold the whole last line is `incomplete`.
 */
export function lastRecordVersion(tail: Buffer, startsAtRecord: boolean): TailVersion {
  const lastNewline = tail.lastIndexOf(NEWLINE);
  if (lastNewline < 0) return startsAtRecord ? { kind: 'empty' } : { kind: 'incomplete' };
  const previousNewline = lastNewline === 0 ? -1 : tail.lastIndexOf(NEWLINE, lastNewline - 1);
  if (previousNewline < 0 && !startsAtRecord) return { kind: 'incomplete' };
  const line = tail.subarray(previousNewline + 1, lastNewline).toString('utf8');
  return { kind: 'found', version: (JSON.parse(line) as EventEnvelope).version };
}
