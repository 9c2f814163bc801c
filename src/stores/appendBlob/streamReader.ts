// Reading a stream's blobs forward from a place (a bookmark, a cached head, a checkpoint or the start),
// following full blobs into the next. A read to the head downloads everything from the place in one GET
// per blob; a read of a window of versions asks for byte ranges sized from what it knows of the stream and
// grows them only while the versions it needs are not all read, so it costs what it returns.
import { serializeEnvelope } from '../appendChecks.js';
import type { StreamId, StreamPosition } from '../eventStore.js';
import { firstRecordVersion, parseRecords, type StoredRecord } from './records.js';
import type { StreamBlobClient } from './streamBlobClient.js';
import { type BlobOffset, continuation, isFull, type StreamHead, toToken } from './streamBlobs.js';

const NEWLINE = 0x0a;
/** Bytes per version assumed before a read has seen any (an envelope is a few hundred bytes). */
const DEFAULT_BYTES_PER_VERSION = 512;
const MIN_RANGE_BYTES = 16 * 1024;
const MAX_RANGE_BYTES = 8 * 1024 * 1024;

/** Where a scan stopped before the end of a blob, and that blob's facts: enough to find the head from. */
export interface ScanStop {
  blobIndex: number;
  blobLength: number;
  blockCount: number;
  blockLimit: number;
}

export interface ScanResult {
  /** Records after the start whose version is above the version the scan started after. */
  records: StoredRecord[];
  /** The version of the last record read. */
  version: number;
  /** The head, when the scan read to the end of the stream's last blob. */
  head?: StreamHead;
  /** Set when a ranged scan stopped before the end of its blob. */
  stop?: ScanStop;
  /** Length of each blob read to its end, and whether it was full: a record ending there continues in the next. */
  blobEnds: Map<number, { length: number; full: boolean }>;
}

export interface ScanOptions {
  /** Stop once the record of this version is read (default: read to the head). */
  to?: number;
  /** Bytes for the first ranged request; without it and without `to`, each blob is read to its end at once. */
  firstCount?: number;
  /** What the caller knows of the stream's bytes per version, to size ranged requests. */
  bytesPerVersion?: number;
  /** At most this many requests (default: as many as it takes). */
  maxRequests?: number;
  /** What the first record read must be (the start came from the stream index, which is only a hint). */
  first?: FirstRecord;
}

/**
 * The first record's version must lie in [min, max]. A `cut` start may fall inside a line (a place estimated
 * between two checkpoints): the scan then begins after the first newline, which always ends a record.
 */
export interface FirstRecord {
  min: number;
  max: number;
  cut: boolean;
}

/** The record at a checkpoint is not the version the stream index claims: the index is damaged. */
export class CheckpointMismatchError extends Error {
  override readonly name = 'CheckpointMismatchError';
}

/**
 * Downloads from `start` (never a byte before it), continuing into the next blob while the current one is
 * full. `afterVersion` is the version just before `start`.
 */
export async function scanFrom(
  blobs: StreamBlobClient,
  stream: StreamId,
  start: BlobOffset,
  afterVersion: number,
  options: ScanOptions = {},
): Promise<ScanResult> {
  const to = options.to ?? Number.POSITIVE_INFINITY;
  const ranged = to !== Number.POSITIVE_INFINITY || options.firstCount !== undefined;
  const records: StoredRecord[] = [];
  const blobEnds = new Map<number, { length: number; full: boolean }>();
  let version = afterVersion;
  let lastEnd: StreamHead | undefined;
  let stop: ScanStop | undefined;
  let { blobIndex, offset } = start;
  let first = options.first;
  let count = options.firstCount ?? rangeFor(to - afterVersion, options.bytesPerVersion);
  for (let request = 0; request < (options.maxRequests ?? Number.POSITIVE_INFINITY); request++) {
    const download = await blobs.download(stream, blobIndex, offset, ranged ? count : undefined);
    if (download.kind !== 'data') {
      // The index promised a record here: there is none (a damaged index, or an estimate past the end).
      if (first) throw new CheckpointMismatchError(`Nothing at ${blobIndex}:${offset}`);
      return { records, version, blobEnds, ...(lastEnd && { head: lastEnd }) };
    }
    const { blobLength, blockCount, blockLimit } = download;
    let data = download.data;
    const atEnd = offset + data.length >= blobLength;
    if (first) {
      const skip = first.cut ? data.indexOf(NEWLINE) + 1 : 0;
      if ((skip === 0 && first.cut) || data.indexOf(NEWLINE, skip) < 0) {
        if (atEnd) throw new CheckpointMismatchError(`No whole record at ${blobIndex}:${offset}`);
        count *= 2; // the first line is longer than the range: ask again for more
        continue;
      }
      data = data.subarray(skip);
      const found = firstRecordVersion(data);
      if (found === undefined || found < first.min || found > first.max) {
        throw new CheckpointMismatchError(
          `Record ${found} at ${blobIndex}:${offset + skip}, not ${first.min}-${first.max}`,
        );
      }
      offset += skip;
      first = undefined;
    }
    const parsed = parseRecords(stream, data, { blobIndex, offset }, version);
    for (const record of parsed.records) {
      if (record.event.version <= version) continue;
      records.push(record);
      version = record.event.version;
    }
    if (atEnd) {
      stop = undefined;
      lastEnd = { version, blobIndex, length: blobLength, blockCount, blockLimit };
      blobEnds.set(blobIndex, { length: blobLength, full: isFull(lastEnd) });
      if (!isFull(lastEnd)) return { records, version, blobEnds, head: lastEnd };
      // A full blob's end is the head only if no next blob holds more, which only reading it tells.
      if (version >= to) return { records, version, blobEnds };
      blobIndex++;
      offset = 0;
    } else {
      stop = { blobIndex, blobLength, blockCount, blockLimit };
      if (version >= to) return { records, version, blobEnds, stop };
      offset += parsed.consumed;
    }
    const last = records.at(-1);
    const perVersion =
      last && last.event.version > afterVersion
        ? bytesSince(start, last) / (last.event.version - afterVersion)
        : options.bytesPerVersion;
    count = Math.max(parsed.consumed === 0 ? count * 2 : 0, rangeFor(to - version, perVersion));
  }
  return { records, version, blobEnds, ...(stop && { stop }) };
}

/**
 * The bookmark after `serialized` when they are exactly the first records a scan from an append's target
 * found: the append landed (its response was lost), else undefined.
 */
export function ownAppend(scan: ScanResult, serialized: readonly string[]): StreamPosition | undefined {
  const ours = scan.records.slice(0, serialized.length);
  const last = ours.at(-1);
  if (!last || ours.length !== serialized.length) return undefined;
  if (!ours.every((record, index) => serializeEnvelope(record.event) === serialized[index])) return undefined;
  return { version: last.event.version, token: toToken(continuationAfter(last, scan.blobEnds)) };
}

/** Where reading continues after a record, given what the scan saw of the record's blob. */
export function continuationAfter(record: StoredRecord, blobEnds: ScanResult['blobEnds']): BlobOffset {
  const blob = blobEnds.get(record.blobIndex);
  return continuation(record.blobIndex, record.end, blob?.length === record.end && blob.full);
}

/** Bytes for a ranged request that should hold `versions` more versions (a quarter more, for safety). */
function rangeFor(versions: number, bytesPerVersion = DEFAULT_BYTES_PER_VERSION): number {
  const wanted = Number.isFinite(versions) ? versions * bytesPerVersion * 1.25 + 2048 : MAX_RANGE_BYTES;
  return Math.round(Math.min(MAX_RANGE_BYTES, Math.max(MIN_RANGE_BYTES, wanted)));
}

/** Bytes between a start and the end of a record (within one blob; across blobs, the record's blob only). */
function bytesSince(start: BlobOffset, record: StoredRecord): number {
  return record.blobIndex === start.blobIndex ? record.end - start.offset : record.end;
}
