// The "one line per command" stream format shared by the Local File and File Share stores: each line is the
// JSON array of one command's envelopes plus '\n', so a reader sees all of a command's events or none. A
// complete line that is not such an array (damaged bytes) makes the stream unreadable from that version on:
// UnreadableStreamError names the stream and the version the line should have held.
import { UnreadableStreamError } from '../errors.js';
import type { EventEnvelope, StreamId, StreamPosition } from './eventStore.js';

const NEWLINE = 0x0a;

export interface StreamLine {
  /** Byte offset where the line starts. */
  offset: number;
  /** Byte offset just after its newline. */
  end: number;
  events: EventEnvelope[];
}

/**
 * Parses the complete lines of (part of) a stream file that starts at byte `baseOffset` (a line boundary),
 * where the line before holds `versionBefore`; a cut last line is left out.
 */
export function parseLines(
  stream: StreamId,
  content: Buffer,
  baseOffset: number,
  versionBefore: number,
): StreamLine[] {
  const lines: StreamLine[] = [];
  let start = 0;
  let previous = versionBefore;
  for (let newline = content.indexOf(NEWLINE); newline >= 0; newline = content.indexOf(NEWLINE, start)) {
    const events = parseLine(content.subarray(start, newline));
    if (!events) throw unreadable(stream, previous + 1);
    lines.push({ offset: baseOffset + start, end: baseOffset + newline + 1, events });
    previous = events.at(-1)?.version ?? previous;
    start = newline + 1;
  }
  return lines;
}

/** The first version in the first complete line of `content`, or undefined when that is not a record. */
export function firstLineVersion(content: Buffer): number | undefined {
  const newline = content.indexOf(NEWLINE);
  return newline < 0 ? undefined : parseLine(content.subarray(0, newline))?.[0]?.version;
}

/** The events of `lines` within [from, to], and the bookmark after the last one (line-based byte offsets). */
export function selectFromLines(lines: StreamLine[], from: number, to: number) {
  const events: EventEnvelope[] = [];
  let position: StreamPosition | undefined;
  for (const line of lines) {
    for (const event of line.events) {
      if (event.version < from || event.version > to) continue;
      events.push(event);
      // After the last event of a line, the next read starts at the next line; otherwise within this one.
      const token = event === line.events.at(-1) ? line.end : line.offset;
      position = { version: event.version, token: String(token) };
    }
  }
  return { events, position };
}

/** A line's envelopes, or undefined when it is not a non-empty JSON array of envelopes. */
export function parseLine(line: Buffer): EventEnvelope[] | undefined {
  try {
    const events = JSON.parse(line.toString('utf8')) as unknown;
    if (!Array.isArray(events) || events.length === 0) return undefined;
    const valid = events.every(
      (event) =>
        typeof event === 'object' &&
        event !== null &&
        Number.isSafeInteger((event as { version?: unknown }).version) &&
        (event as { version: number }).version >= 1,
    );
    return valid ? (events as EventEnvelope[]) : undefined;
  } catch {
    return undefined;
  }
}

export function unreadable(stream: StreamId, version: number): UnreadableStreamError {
  return new UnreadableStreamError(
    stream,
    version,
    'is not a readable JSON line of envelopes (damaged bytes)',
  );
}
