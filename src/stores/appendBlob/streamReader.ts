// Reading a stream's blobs: forward from a place (a bookmark, a cached head, or the start), following full
// blobs into the next; and finding the head of a stream nothing is known about from its last blob's tail.
import type { StreamId } from '../eventStore.js';
import { lastRecordVersion, parseRecords, type StoredRecord } from './records.js';
import type { StreamBlobClient } from './streamBlobClient.js';
import { type BlobOffset, continuation, isFull, type StreamHead } from './streamBlobs.js';

/** The first tail read when looking for a stream's last record; grown fourfold while the line is cut. */
const TAIL_BYTES = 64 * 1024;

export interface ScanResult {
  /** Records after the start whose version is above the version the scan started after. */
  records: StoredRecord[];
  /** The stream's version at the end of the scan. */
  version: number;
  /** What the scan learnt about the head (absent when the last request returned no blob properties). */
  head?: StreamHead;
  /** Length of each blob read, and whether it was full: a record ending there continues in the next blob. */
  blobEnds: Map<number, { length: number; full: boolean }>;
}

/**
 * Downloads everything from `start` (one ranged GET per blob, never a byte before `start`), continuing into
 * the next blob while the current one is full. `afterVersion` is the version just before `start`.
 */
export async function scanFrom(
  blobs: StreamBlobClient,
  stream: StreamId,
  start: BlobOffset,
  afterVersion: number,
): Promise<ScanResult> {
  const records: StoredRecord[] = [];
  const blobEnds = new Map<number, { length: number; full: boolean }>();
  let version = afterVersion;
  let head: StreamHead | undefined;
  let { blobIndex, offset } = start;
  for (;;) {
    const download = await blobs.download(stream, blobIndex, offset);
    if (download.kind !== 'data') break;
    for (const record of parseRecords(download.data, blobIndex, offset)) {
      if (record.event.version <= version) continue;
      records.push(record);
      version = record.event.version;
    }
    const { blockCount, blockLimit } = download;
    head = { version, blobIndex, length: offset + download.data.length, blockCount, blockLimit };
    blobEnds.set(blobIndex, { length: head.length, full: isFull(head) });
    if (!isFull(head)) break;
    blobIndex++;
    offset = 0;
  }
  return head ? { records, version, head, blobEnds } : { records, version, blobEnds };
}

/** Where reading continues after a record, given what the scan saw of the record's blob. */
export function continuationAfter(record: StoredRecord, blobEnds: ScanResult['blobEnds']): BlobOffset {
  const blob = blobEnds.get(record.blobIndex);
  return continuation(record.blobIndex, record.end, blob?.length === record.end && blob.full);
}

/**
 * The head of a stream from its last blob, without downloading the stream: one listing (names and lengths)
 * and a ranged GET of the last blob's tail (its last line, block count and metadata). Undefined when the
 * stream has no blob.
 */
export async function findHead(blobs: StreamBlobClient, stream: StreamId): Promise<StreamHead | undefined> {
  const listed = await blobs.listBlobs(stream);
  const last = listed.at(-1);
  if (!last) return undefined;
  const tail = await readTail(blobs, stream, last.blobIndex, last.length);
  let version = tail.version;
  // An empty last blob (created, then the writer crashed or lost the race): the head is the previous blob's.
  const previous = listed.at(-2);
  if (version === undefined && previous)
    version = (await readTail(blobs, stream, previous.blobIndex, previous.length)).version;
  return {
    version: version ?? 0,
    blobIndex: last.blobIndex,
    length: tail.length,
    blockCount: tail.blockCount,
    blockLimit: tail.blockLimit,
  };
}

interface BlobTail {
  version?: number;
  length: number;
  blockCount: number;
  blockLimit: number;
}

async function readTail(
  blobs: StreamBlobClient,
  stream: StreamId,
  blobIndex: number,
  listedLength: number,
): Promise<BlobTail> {
  for (let size = TAIL_BYTES; ; size *= 4) {
    const start = Math.max(0, listedLength - size);
    const download = await blobs.download(stream, blobIndex, start);
    if (download.kind !== 'data') {
      throw new Error(
        `Blob ${blobIndex} of ${stream.aggregateType}/${stream.aggregateId} vanished while read`,
      );
    }
    const { data, blockCount, blockLimit } = download;
    const facts = { length: start + data.length, blockCount, blockLimit };
    const last = lastRecordVersion(data, start === 0);
    if (last.kind === 'found') return { ...facts, version: last.version };
    if (last.kind === 'empty') return facts;
  }
}
