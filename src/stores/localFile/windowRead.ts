// A window of a local stream file without reading the whole file: the stream's head from the file's tail, the
// line holding the first wanted version by binary search over byte offsets (a local file reads any offset
// cheaply, so no index is kept), then forward only until the last wanted version. Lines hold whole commands
// in version order, so the first version of the line after any byte offset says which half to keep.
import type { FileHandle } from 'node:fs/promises';
import { firstLineVersion, parseLines, type StreamLine, selectFromLines } from '../commandLines.js';
import type { ReadStreamOptions, ReadStreamResult, StreamId } from '../eventStore.js';
import { readResult, versionWindow } from '../streamKey.js';
import { readTail } from './streamFile.js';

/** Bytes read per step of the forward read; lines longer than this are read on in further steps. */
const CHUNK_BYTES = 64 * 1024;
/** Bytes read per probe of the search, and the span below which it stops and reads forward. */
const PROBE_BYTES = 4 * 1024;
const SEARCH_SPAN = 16 * 1024;

export async function readWindow(
  stream: StreamId,
  file: FileHandle,
  options: ReadStreamOptions | undefined,
): Promise<ReadStreamResult> {
  const tail = await readTail(stream, file);
  const { from, to } = versionWindow(options, tail.version);
  if (from > to) return { events: [], streamVersion: tail.version };
  const start = await lineHolding(file, from, tail.endOffset);
  const lines: StreamLine[] = [];
  let offset = start.offset;
  let pending = Buffer.alloc(0);
  while (offset < tail.endOffset && (lines.at(-1)?.events.at(-1)?.version ?? 0) < to) {
    const chunk = await readAt(file, offset, Math.min(CHUNK_BYTES, tail.endOffset - offset));
    const content = Buffer.concat([pending, chunk]);
    const base = offset - pending.length;
    const parsed = parseLines(stream, content, base, lines.at(-1)?.events.at(-1)?.version ?? start.before);
    lines.push(...parsed);
    pending = content.subarray((parsed.at(-1)?.end ?? base) - base);
    offset += chunk.length;
  }
  const { events, position } = selectFromLines(lines, from, to);
  return readResult(events, tail.version, position);
}

/** The start of the line holding `version` (its first version is at most `version`), and the version before it. */
async function lineHolding(
  file: FileHandle,
  version: number,
  end: number,
): Promise<{ offset: number; before: number }> {
  let low = { offset: 0, before: 0 };
  let high = end;
  while (high - low.offset > SEARCH_SPAN) {
    const middle = Math.floor((low.offset + high) / 2);
    const found = await nextLine(file, middle, high);
    if (found === undefined || found.version === undefined) {
      // No line starts in the upper half, or one that cannot be read: search (or scan) the lower half.
      high = middle;
      continue;
    }
    if (found.version <= version) low = { offset: found.offset, before: found.version - 1 };
    else high = middle;
  }
  return low;
}

/** The first line starting after `offset` (and before `end`), with its first version. */
async function nextLine(
  file: FileHandle,
  offset: number,
  end: number,
): Promise<{ offset: number; version: number | undefined } | undefined> {
  let content = Buffer.alloc(0);
  for (let at = offset; at < end; ) {
    const chunk = await readAt(file, at, Math.min(PROBE_BYTES, end - at));
    content = Buffer.concat([content, chunk]);
    at += chunk.length;
    const newline = content.indexOf(0x0a);
    if (newline < 0) continue;
    const lineStart = offset + newline + 1;
    if (lineStart >= end) return undefined;
    // The whole next line is needed to read its first version: read on until its newline.
    const rest = content.subarray(newline + 1);
    if (rest.indexOf(0x0a) >= 0) return { offset: lineStart, version: firstLineVersion(rest) };
  }
  return undefined;
}

async function readAt(file: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, offset);
  return buffer.subarray(0, bytesRead);
}
