// The blob content format: one JSON envelope per line, and all lines of one command in one append block, so
// every block ends with a newline and a reader never sees part of a command. A line that is not an envelope
// (damaged bytes) makes the stream unreadable from that version on: UnreadableStreamError names it.
import { UnreadableStreamError } from '../../errors.js';
import type { EventEnvelope, StreamId } from '../eventStore.js';

const NEWLINE = 0x0a;

/** One stored envelope, where its line starts and the byte offset just after its line. */
export interface StoredRecord {
  event: EventEnvelope;
  blobIndex: number;
  offset: number;
  end: number;
}

/** The bytes of one append block holding a command's envelopes (already serialized). */
export function appendBlockBody(serializedEvents: string[]): Buffer {
  return Buffer.from(`${serializedEvents.join('\n')}\n`, 'utf8');
}

/** The complete lines of part of a blob, and how many bytes they take (a cut last line is left for later). */
export interface ParsedRecords {
  records: StoredRecord[];
  consumed: number;
}

/**
 * Parses the complete lines of part of a blob that starts at byte `baseOffset` (a line boundary), where the
 * record before holds `versionBefore` (so a damaged line can be named by the version it should hold).
 */
export function parseRecords(
  stream: StreamId,
  content: Buffer,
  place: { blobIndex: number; offset: number },
  versionBefore: number,
): ParsedRecords {
  const records: StoredRecord[] = [];
  let start = 0;
  let previous = versionBefore;
  for (let newline = content.indexOf(NEWLINE); newline >= 0; newline = content.indexOf(NEWLINE, start)) {
    const event = parseEnvelope(content.subarray(start, newline));
    if (!event) throw unreadable(stream, previous + 1);
    records.push({
      event,
      blobIndex: place.blobIndex,
      offset: place.offset + start,
      end: place.offset + newline + 1,
    });
    previous = event.version;
    start = newline + 1;
  }
  return { records, consumed: start };
}

/** The version of the first complete line of `content`, or undefined when it is not an envelope. */
export function firstRecordVersion(content: Buffer): number | undefined {
  const newline = content.indexOf(NEWLINE);
  return newline < 0 ? undefined : parseEnvelope(content.subarray(0, newline))?.version;
}

export type TailVersion = { kind: 'empty' } | { kind: 'incomplete' } | { kind: 'found'; version: number };

/**
 * The version of the last record in the tail of a blob. `startsAtRecord` says whether the tail begins at a
 * line boundary (the blob's start); otherwise its first line may be cut and only a line after a newline
 * counts, so a tail too short to hold the whole last line is `incomplete`. A damaged last line is named by
 * the version after the last readable line before it (`incomplete` while that line is not in the tail).
 */
export function lastRecordVersion(stream: StreamId, tail: Buffer, startsAtRecord: boolean): TailVersion {
  let lineEnd = tail.lastIndexOf(NEWLINE);
  if (lineEnd < 0) return startsAtRecord ? { kind: 'empty' } : { kind: 'incomplete' };
  let damaged = false;
  for (;;) {
    const lineStart = lineEnd === 0 ? -1 : tail.lastIndexOf(NEWLINE, lineEnd - 1);
    if (lineStart < 0 && !startsAtRecord) return { kind: 'incomplete' };
    const event = parseEnvelope(tail.subarray(lineStart + 1, lineEnd));
    if (event && damaged) throw unreadable(stream, event.version + 1);
    if (event) return { kind: 'found', version: event.version };
    if (lineStart < 0) throw unreadable(stream, 1);
    damaged = true;
    lineEnd = lineStart;
  }
}

function parseEnvelope(line: Buffer): EventEnvelope | undefined {
  try {
    const value = JSON.parse(line.toString('utf8')) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const { version } = value as { version?: unknown };
    return Number.isSafeInteger(version) && (version as number) >= 1 ? (value as EventEnvelope) : undefined;
  } catch {
    return undefined;
  }
}

function unreadable(stream: StreamId, version: number): UnreadableStreamError {
  return new UnreadableStreamError(stream, version, 'is not a readable JSON envelope (damaged bytes)');
}
