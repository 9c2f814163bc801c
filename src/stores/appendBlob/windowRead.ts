// How the Append Blob store answers a read. It starts at the closest place it knows before the first version
// asked for: a bookmark, the cached head (reading only what is new), or the stream index; from the first
// record otherwise. A read to the head then downloads from there to the end.
//
// A read of a window (`limit`) downloads one byte range sized to the window: it starts at the checkpoint
// before it, or a little before where the window should begin by the bytes per version between that
// checkpoint and the next (a line boundary is found after the first newline, and the first version must not
// be past the window), and ends where the window should end (never past the next checkpoint, which bounds it
// exactly). It grows the range only while the window is not all read. Meanwhile it learns the head from the
// cheapest place: the bytes after the cached head (usually none), else the last blob's length and tail.
//
// Every record a read goes through teaches the index its checkpoints. A first record that is not what the
// index promised sends the read back to the checkpoint itself, and a checkpoint that is wrong sends it to
// the start, forgetting the index: the index only ever makes a read shorter, never wrong.
import type { ReadStreamOptions, ReadStreamResult, StreamId } from '../eventStore.js';
import { bytesPerVersion, type Checkpoint, startsAtFirstRecord, windowPlace } from '../streamIndex.js';
import type { StreamIndexes } from '../streamIndexes.js';
import { readResult } from '../streamKey.js';
import { checkpointsOfRecords } from './checkpoints.js';
import type { BlobFacts, StreamBlobClient } from './streamBlobClient.js';
import {
  type BlobOffset,
  fromToken,
  headContinuation,
  isFull,
  type StreamHead,
  toToken,
} from './streamBlobs.js';
import { findHead, headAfter, headOfBlob } from './streamHead.js';
import {
  CheckpointMismatchError,
  continuationAfter,
  type FirstRecord,
  type ScanOptions,
  type ScanResult,
  scanFrom,
} from './streamReader.js';

/** What a probe asks for after the cached head: usually nothing is there, or a command or two. */
const PROBE_BYTES = 16 * 1024;

export interface ReadContext {
  blobs: StreamBlobClient;
  indexes: StreamIndexes;
  cachedHead(stream: StreamId): StreamHead | undefined;
  remember(stream: StreamId, head: StreamHead): void;
}

/** Where a scan starts, the version before it, and what its first record must be (index-derived starts). */
interface Start extends BlobOffset {
  afterVersion: number;
  first?: FirstRecord;
  /** Bytes for the first request, when the window's end can be estimated. */
  firstCount?: number;
  /** The checkpoint an estimated start came from, to fall back on. */
  checkpoint?: Checkpoint;
}

const FIRST_RECORD: Start = { blobIndex: 0, offset: 0, afterVersion: 0 };

export async function readWindow(
  context: ReadContext,
  stream: StreamId,
  options: ReadStreamOptions | undefined,
): Promise<ReadStreamResult> {
  const from = options?.after ? options.after.version + 1 : Math.max(1, options?.fromVersion ?? 1);
  const to = options?.limit === undefined ? Number.POSITIVE_INFINITY : from + options.limit - 1;
  const cached = context.cachedHead(stream);
  const bookmarked = options?.after && fromToken(options.after.token);
  const afterCachedHead = !bookmarked && cached !== undefined && cached.version < from;
  const start: Start | undefined = bookmarked
    ? { ...bookmarked, afterVersion: options?.after?.version ?? 0 }
    : afterCachedHead
      ? { ...headContinuation(cached), afterVersion: cached.version }
      : undefined;
  // A window that may end before the head learns the head on the side: after the cached head, or from the
  // first blob's length (asked beside the index) and tail, unless the window's range reaches that length.
  const bounded = to !== Number.POSITIVE_INFINITY;
  const byIndex = !start && !startsAtFirstRecord(from, context.indexes.every);
  const facts = bounded && byIndex && !cached ? quietly(context.blobs.properties(stream, 0)) : undefined;
  const place = start ?? (await startAt(context, stream, from, to));
  const head =
    bounded && cached && !afterCachedHead
      ? quietly(probeAfter(context, stream, cached))
      : facts && quietly(facts.then((found) => headBeyond(context, stream, found, place)));
  const scan = await scanWindow(context, stream, place, to);
  context.indexes.learn(stream, checkpointsOfRecords(scan.records, context.indexes.every));
  // Nothing at all from the first record: the stream has no blob (it does not exist).
  const absent = place === FIRST_RECORD && scan.records.length === 0 && !scan.head && !scan.stop;
  const known =
    scan.head ??
    (await head) ??
    (bounded && !absent ? await headAfter(context.blobs, stream, scan) : undefined);
  if (known) context.remember(stream, known);
  const selected = scan.records.filter((r) => r.event.version >= from && r.event.version <= to);
  const last = selected.at(-1);
  const position = last && {
    version: last.event.version,
    token: toToken(continuationAfter(last, scan.blobEnds)),
  };
  return readResult(
    selected.map((record) => record.event),
    Math.max(known?.version ?? 0, scan.version),
    position,
  );
}

/** Scans from `start`; an index-derived start that misses falls back to its checkpoint, then to the start. */
async function scanWindow(
  context: ReadContext,
  stream: StreamId,
  start: Start,
  to: number,
): Promise<ScanResult> {
  const { blobs, indexes } = context;
  const perVersion = bytesPerVersion(indexes.inMemory(stream));
  const scan = (place: Start) => {
    const options: ScanOptions = {
      ...(to === Number.POSITIVE_INFINITY ? {} : { to }),
      ...(place.first ? { first: place.first } : {}),
      ...(place.firstCount === undefined ? {} : { firstCount: place.firstCount }),
      ...(perVersion === undefined ? {} : { bytesPerVersion: perVersion }),
    };
    return scanFrom(blobs, stream, place, place.afterVersion, options);
  };
  try {
    return await scan(start);
  } catch (error) {
    if (!(error instanceof CheckpointMismatchError)) throw error;
  }
  if (start.checkpoint && start.first?.cut) {
    try {
      return await scan(exactly(start.checkpoint));
    } catch (error) {
      if (!(error instanceof CheckpointMismatchError)) throw error;
    }
  }
  indexes.distrust(stream);
  return scan(FIRST_RECORD);
}

/** Where a read from `from` starts by the stream index: its checkpoint, or a little before `from` between two. */
async function startAt(context: ReadContext, stream: StreamId, from: number, to: number): Promise<Start> {
  const { indexes } = context;
  const checkpoints = await indexes.forRead(stream, from);
  const place = windowPlace(checkpoints, from, to, indexes.every);
  if (!place) return FIRST_RECORD;
  const { checkpoint } = place;
  const start = exactly(checkpoint);
  if (to === Number.POSITIVE_INFINITY) return start;
  const firstCount = place.end === undefined ? {} : { firstCount: place.end - place.offset };
  if (!place.cut) return { ...start, ...firstCount };
  const first = { min: checkpoint.version, max: from, cut: true };
  return { ...start, offset: place.offset, first, ...firstCount, checkpoint };
}

function exactly(checkpoint: Checkpoint): Start {
  return {
    blobIndex: checkpoint.blob,
    offset: checkpoint.offset,
    afterVersion: checkpoint.version - 1,
    first: { min: checkpoint.version, max: checkpoint.version, cut: false },
  };
}

/** The head after the cached one: usually nothing is there (then it is still the head), or a command or two. */
async function probeAfter(
  context: ReadContext,
  stream: StreamId,
  cached: StreamHead,
): Promise<StreamHead | undefined> {
  const { blobs } = context;
  const place = headContinuation(cached);
  const scan = await scanFrom(blobs, stream, place, cached.version, {
    firstCount: PROBE_BYTES,
    maxRequests: 1,
  });
  if (!scan.head && !scan.stop && scan.records.length === 0) return cached;
  return headAfter(blobs, stream, scan);
}

/**
 * The head from the first blob's facts, when the window's first range ends before that blob does: its tail
 * (a listing first when it is full). Undefined when the range reaches the end (the scan sees the head).
 */
async function headBeyond(
  context: ReadContext,
  stream: StreamId,
  facts: BlobFacts | undefined,
  place: Start,
): Promise<StreamHead | undefined> {
  if (!facts) return undefined;
  if (isFull(facts)) return findHead(context.blobs, stream);
  const rangeEnd = place.firstCount === undefined ? undefined : place.offset + place.firstCount;
  if (place.blobIndex === 0 && rangeEnd !== undefined && rangeEnd >= facts.length) return undefined;
  return headOfBlob(context.blobs, stream, { blobIndex: 0, blobLength: facts.length, ...facts });
}

/** `promise`, with an early failure kept from going unhandled until it is awaited. */
function quietly<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
