// How the File Share store answers a read. The file's metadata (one Get Properties) says how many events
// the stream holds and where its committed data ends; the stream index (streamIndex.ts, a sidecar file read
// in parallel when the read starts past the first `every` versions) says where to start: at the checkpoint
// before the window, or a little before where the window should begin by the bytes per version between two
// checkpoints (the read then begins after the first newline: a line boundary). A read to the head downloads
// from there to the end of the data; a read of a window (`limit`) downloads up to where the window should end
// (never past the next checkpoint), growing the range only while the window is not all read. The first line
// must hold a version the index allows; if not, the read falls back to the checkpoint, then to the first
// record, forgetting the index: the index only ever makes a read shorter, never wrong.
import type { ShareFileClient } from '@azure/storage-file-share';
import { firstLineVersion, parseLines, type StreamLine, selectFromLines } from '../commandLines.js';
import type { ReadStreamOptions, ReadStreamResult, StreamId } from '../eventStore.js';
import {
  bytesPerVersion,
  type Checkpoint,
  checkpointsOf,
  startsAtFirstRecord,
  windowPlace,
} from '../streamIndex.js';
import type { StreamIndexes } from '../streamIndexes.js';
import { readResult, versionWindow } from '../streamKey.js';
import { readRange, type StreamState, stateFromProperties } from './streamFile.js';

const NEWLINE = 0x0a;
const DEFAULT_BYTES_PER_VERSION = 512;
const MIN_RANGE_BYTES = 16 * 1024;
const MAX_RANGE_BYTES = 8 * 1024 * 1024;

interface Start {
  offset: number;
  versionBefore: number;
  /**
   * Set for starts the index gave: the first line's first version must lie in [min, max]; a `cut` start may
   * fall inside a line (then the read begins after the first newline, which always ends a line).
   */
  first?: { min: number; max: number; cut: boolean };
  /** Where the window should end, when the index can tell. */
  end?: number;
}

export interface FileReadContext {
  indexes: StreamIndexes;
  /** The stream's version as this process last saw it, if it did. */
  knownVersion: number | undefined;
  remember(state: StreamState): void;
}

/** Reads what `options` asks for: the file's committed state, and the index when the read needs it. */
export async function readStreamFile(
  file: ShareFileClient,
  stream: StreamId,
  options: ReadStreamOptions | undefined,
  context: FileReadContext,
): Promise<ReadStreamResult> {
  const { indexes, knownVersion } = context;
  const from = Math.max(1, options?.fromVersion ?? 1);
  const wantsIndex = !options?.after && !startsAtFirstRecord(from, indexes.every);
  // The index is read in parallel with the properties, unless this process saw the stream end before `from`.
  const early =
    wantsIndex && (knownVersion === undefined || from <= knownVersion)
      ? indexes.forRead(stream, from)
      : undefined;
  const state = stateFromProperties(file.path, await file.getProperties());
  context.remember(state);
  const checkpoints =
    wantsIndex && from <= state.recordCount ? await (early ?? indexes.forRead(stream, from)) : [];
  return readFromFile(file, stream, state, options, indexes, checkpoints);
}

/** Reads the window `options` asks for from a stream file whose committed state is `state`. */
async function readFromFile(
  file: ShareFileClient,
  stream: StreamId,
  state: StreamState,
  options: ReadStreamOptions | undefined,
  indexes: StreamIndexes,
  checkpoints: readonly Checkpoint[],
): Promise<ReadStreamResult> {
  const head = state.recordCount;
  const { from, to } = versionWindow(options, head);
  if (from > to) return { events: [], streamVersion: head };
  const perVersion = bytesPerVersion(checkpoints.length > 0 ? checkpoints : indexes.inMemory(stream));
  const read = (start: Start) => readLines(file, stream, state, start, to, perVersion);
  const bookmark = bookmarkOffset(options, state.endOfData);
  const place = bookmark ? undefined : windowPlace(checkpoints, from, to, indexes.every);
  let lines: StreamLine[] | undefined;
  if (bookmark) lines = await read(bookmark);
  else if (place && place.checkpoint.offset < state.endOfData) {
    const { checkpoint } = place;
    const versionBefore = checkpoint.version - 1;
    const exact: Start = {
      offset: checkpoint.offset,
      versionBefore,
      first: { min: checkpoint.version, max: checkpoint.version, cut: false },
    };
    // A read to the head starts at the checkpoint itself (so it checks it, and repairs a damaged index); so
    // does a window whose estimated start lies past the data.
    const cut = place.cut && options?.limit !== undefined && place.offset < state.endOfData;
    const end = place.end === undefined ? {} : { end: place.end };
    const estimated: Start = {
      offset: place.offset,
      versionBefore,
      first: { min: checkpoint.version, max: from, cut: true },
    };
    lines = await read({ ...(cut ? estimated : exact), ...end }).catch(missed);
    if (!lines && cut) lines = await read({ ...exact, ...end }).catch(missed);
  }
  if (!lines) {
    if (place) indexes.distrust(stream); // a checkpoint that is not what it claims: the index is damaged
    lines = await read({ offset: 0, versionBefore: 0 });
  }
  indexes.learn(stream, checkpointsOfLines(lines, indexes.every));
  const { events, position } = selectFromLines(lines, from, to);
  return readResult(events, head, position);
}

/** The checkpoints among lines read (each line is one command, so it may hold several versions). */
export function checkpointsOfLines(lines: readonly StreamLine[], every: number): Checkpoint[] {
  const places = lines.map((line) => ({
    version: line.events[0]?.version ?? 0,
    lastVersion: line.events.at(-1)?.version ?? 0,
    blob: 0,
    offset: line.offset,
  }));
  return checkpointsOf(places, every);
}

class CheckpointMismatchError extends Error {
  override readonly name = 'CheckpointMismatchError';
}

/** A read from an index-derived start that did not find what the index promised: try a surer start. */
function missed(error: unknown): undefined {
  if (error instanceof CheckpointMismatchError) return undefined;
  throw error;
}

/**
 * Lines from `start` until one holding `to` (or the end of the data), in as few ranged GETs as it can: to the
 * end at once for a read to the head, else up to the estimated end, grown only while `to` is not read.
 */
async function readLines(
  file: ShareFileClient,
  stream: StreamId,
  state: StreamState,
  start: Start,
  to: number,
  perVersion = DEFAULT_BYTES_PER_VERSION,
): Promise<StreamLine[]> {
  const lines: StreamLine[] = [];
  let { offset, first } = start;
  let version = start.versionBefore;
  let count =
    to >= state.recordCount
      ? state.endOfData - offset
      : (start.end ?? offset + rangeFor(to - version, perVersion)) - offset;
  for (;;) {
    count = Math.max(1, Math.min(count, state.endOfData - offset));
    let content = await readRange(file, offset, count);
    const atEnd = offset + count >= state.endOfData;
    if (first) {
      const skip = first.cut ? content.indexOf(NEWLINE) + 1 : 0;
      if ((skip === 0 && first.cut) || content.indexOf(NEWLINE, skip) < 0) {
        if (atEnd) throw new CheckpointMismatchError(`No whole line at ${offset}`);
        count *= 2; // the first line is longer than the range: ask again for more
        continue;
      }
      content = content.subarray(skip);
      const found = firstLineVersion(content);
      if (found === undefined || found < first.min || found > first.max)
        throw new CheckpointMismatchError(`Line ${found} at ${offset + skip}, not ${first.min}-${first.max}`);
      offset += skip;
      first = undefined;
    }
    const parsed = parseLines(stream, content, offset, version);
    lines.push(...parsed);
    version = parsed.at(-1)?.events.at(-1)?.version ?? version;
    if (version >= to || offset + content.length >= state.endOfData) return lines;
    const consumed = (parsed.at(-1)?.end ?? offset) - offset;
    offset += consumed;
    const seen = (offset - start.offset) / Math.max(1, version - start.versionBefore);
    count = Math.max(
      consumed === 0 ? count * 2 : 0,
      rangeFor(to - version, consumed === 0 ? perVersion : seen),
    );
  }
}

/** The line a bookmark points at (after its version), or undefined when it is not one of this stream's. */
function bookmarkOffset(options: ReadStreamOptions | undefined, endOfData: number): Start | undefined {
  const after = options?.after;
  if (!after) return undefined;
  const offset = Number(after.token);
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > endOfData) return undefined;
  // A token at a line's start (a bookmark within a command's events) re-reads that line; the window filters.
  return { offset, versionBefore: after.version };
}

/** Bytes for a ranged GET that should hold `versions` more versions (a quarter more, for safety). */
function rangeFor(versions: number, bytesPerVersion: number): number {
  const wanted = versions * bytesPerVersion * 1.25 + 2048;
  return Math.round(Math.min(MAX_RANGE_BYTES, Math.max(MIN_RANGE_BYTES, wanted)));
}
