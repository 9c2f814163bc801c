// The stream file format: one line per command, holding the JSON array of that command's envelopes, so a
// reader sees all of a command's events or none. A crash (or a write still in progress) leaves a last line
// without its newline; readers ignore it and the next writer truncates it before appending. A complete line
// that is not such an array (damaged bytes) makes the stream unreadable from that version on:
// UnreadableStreamError names the stream and the version the line should have held.
import { type FileHandle, open } from 'node:fs/promises';
import { UnreadableStreamError } from '../../errors.js';
import type { EventEnvelope, StreamId, StreamPosition } from '../eventStore.js';

const NEWLINE = 0x0a;

export interface StreamTail {
  /** Version of the last complete record, 0 when there is none. */
  version: number;
  /** Byte length of the complete records; anything after it is a torn write. */
  endOffset: number;
  /** The file's size: more than `endOffset` when a crash left a torn last line. */
  size: number;
}

/** Finds the last complete record by reading backwards from the end in growing chunks. */
export async function readTail(stream: StreamId, file: FileHandle): Promise<StreamTail> {
  const { size } = await file.stat();
  let chunkSize = 64 * 1024;
  for (;;) {
    const start = Math.max(0, size - chunkSize);
    const buffer = Buffer.alloc(size - start);
    await file.read(buffer, 0, buffer.length, start);
    const lastNewline = buffer.lastIndexOf(NEWLINE);
    if (lastNewline < 0 && start === 0) return { version: 0, endOffset: 0, size };
    if (lastNewline >= 0) {
      const version = lastLineVersion(stream, buffer, lastNewline, start === 0);
      if (version !== undefined) return { version, endOffset: start + lastNewline + 1, size };
    }
    chunkSize *= 4;
  }
}

/**
 * The version of the last line ending at `lineEnd`, or undefined while the buffer does not hold it whole (or,
 * for a damaged line, the readable line before it, which names the version it should have held).
 */
function lastLineVersion(
  stream: StreamId,
  buffer: Buffer,
  lineEnd: number,
  startsAtLine: boolean,
): number | undefined {
  let end = lineEnd;
  let damaged = false;
  for (;;) {
    const newline = end === 0 ? -1 : buffer.lastIndexOf(NEWLINE, end - 1);
    if (newline < 0 && !startsAtLine) return undefined;
    const events = parseLine(buffer.subarray(newline + 1, end));
    const version = events?.at(-1)?.version;
    if (version !== undefined && damaged) throw unreadable(stream, version + 1);
    if (version !== undefined) return version;
    if (newline < 0) throw unreadable(stream, 1);
    damaged = true;
    end = newline;
  }
}

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

/** Reads a file from `offset` to its end (an offset past the end reads nothing). */
export async function readFrom(path: string, offset: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const buffer = Buffer.alloc(Math.max(0, size - offset));
    if (buffer.length > 0) await file.read(buffer, 0, buffer.length, offset);
    return buffer;
  } finally {
    await file.close();
  }
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
function parseLine(line: Buffer): EventEnvelope[] | undefined {
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

function unreadable(stream: StreamId, version: number): UnreadableStreamError {
  return new UnreadableStreamError(
    stream,
    version,
    'is not a readable JSON line of envelopes (damaged bytes)',
  );
}
