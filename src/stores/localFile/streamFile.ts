// A local stream file: one line per command (the format in ../commandLines.ts). A crash (or a write still in
// progress) leaves a last line without its newline; readers ignore it and the next writer truncates it
// before appending.
import { type FileHandle, open } from 'node:fs/promises';
import { parseLine, unreadable } from '../commandLines.js';
import type { StreamId } from '../eventStore.js';

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
