// The stream file format: one line per command, holding the JSON array of that command's envelopes, so a
// reader sees all of a command's events or none. A crash (or a write still in progress) leaves a last line
// without its newline; readers ignore it and the next writer truncates it before appending.
import { type FileHandle, open } from 'node:fs/promises';
import type { EventEnvelope, StreamPosition } from '../eventStore.js';

export interface StreamTail {
  /** Version of the last complete record, 0 when there is none. */
  version: number;
  /** Byte length of the complete records; anything after it is a torn write. */
  endOffset: number;
  /** The file's size: more than `endOffset` when a crash left a torn last line. */
  size: number;
}

/** Finds the last complete record by reading backwards from the end in growing chunks. */
export async function readTail(file: FileHandle): Promise<StreamTail> {
  const { size } = await file.stat();
  let chunkSize = 64 * 1024;
  for (;;) {
    const start = Math.max(0, size - chunkSize);
    const buffer = Buffer.alloc(size - start);
    await file.read(buffer, 0, buffer.length, start);
    const lastNewline = buffer.lastIndexOf(0x0a);
    if (lastNewline < 0 && start === 0) return { version: 0, endOffset: 0, size };
    if (lastNewline >= 0) {
      const previousNewline = buffer.lastIndexOf(0x0a, lastNewline - 1);
      if (previousNewline >= 0 || start === 0) {
        const line = buffer.subarray(previousNewline + 1, lastNewline).toString('utf8');
        const version = (JSON.parse(line) as EventEnvelope[]).at(-1)?.version ?? 0;
        return { version, endOffset: start + lastNewline + 1, size };
      }
    }
    chunkSize *= 4;
  }
}

export interface StreamLine {
  /** Byte offset where the line starts. */
  offset: number;
  /** Byte offset just after its newline. */
  end: number;
  events: EventEnvelope[];
}

/** Parses the complete lines of (part of) a stream file that starts at byte `baseOffset`. */
export function parseLines(content: Buffer, baseOffset: number): StreamLine[] {
  const lines: StreamLine[] = [];
  let start = 0;
  for (let newline = content.indexOf(0x0a); newline >= 0; newline = content.indexOf(0x0a, start)) {
    const events = JSON.parse(content.subarray(start, newline).toString('utf8')) as EventEnvelope[];
    lines.push({ offset: baseOffset + start, end: baseOffset + newline + 1, events });
    start = newline + 1;
  }
  return lines;
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
