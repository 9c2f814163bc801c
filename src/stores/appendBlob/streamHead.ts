// Finding where a stream ends without downloading it: from the tail of its last blob. A scan that stopped
// early (a window of versions in the middle) knows its blob's length, so one ranged GET of that blob's tail
// tells the head; a stream nothing is known about costs a listing (names and lengths) first.
import type { StreamId } from '../eventStore.js';
import { lastRecordVersion } from './records.js';
import type { StreamBlobClient } from './streamBlobClient.js';
import { isFull, type StreamHead } from './streamBlobs.js';
import type { ScanResult, ScanStop } from './streamReader.js';

/** The first tail read when looking for a stream's last record; grown fourfold while the line is cut. */
const TAIL_BYTES = 64 * 1024;
/** The first tail read of a blob whose length is known: enough for a line or two (envelopes are small). */
const SHORT_TAIL_BYTES = 4 * 1024;

/** The head after a scan: what it saw at the end, else its blob's tail, else the last blob's. */
export async function headAfter(
  blobs: StreamBlobClient,
  stream: StreamId,
  scan: ScanResult,
): Promise<StreamHead | undefined> {
  if (scan.head) return scan.head;
  const stop = scan.stop;
  // A blob that is not full is the stream's last: its tail holds the head.
  if (stop && !isFull(stop)) return headOfBlob(blobs, stream, stop);
  return findHead(blobs, stream);
}

/**
 * The head of a stream from its last blob: one listing (names and lengths) and a ranged GET of the last blob's
 * tail (its last line, block count and metadata). Undefined when the stream has no blob.
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

/** The head of a stream whose last blob is `stop`'s (not full), from that blob's tail. */
export async function headOfBlob(
  blobs: StreamBlobClient,
  stream: StreamId,
  stop: ScanStop,
): Promise<StreamHead> {
  const tail = await readTail(blobs, stream, stop.blobIndex, stop.blobLength, SHORT_TAIL_BYTES);
  return {
    version: tail.version ?? 0,
    blobIndex: stop.blobIndex,
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
  knownLength: number,
  firstSize = TAIL_BYTES,
): Promise<BlobTail> {
  for (let size = firstSize; ; size *= 4) {
    const start = Math.max(0, knownLength - size);
    const download = await blobs.download(stream, blobIndex, start);
    if (download.kind !== 'data') {
      throw new Error(
        `Blob ${blobIndex} of ${stream.aggregateType}/${stream.aggregateId} vanished while read`,
      );
    }
    const { data, blockCount, blockLimit } = download;
    const facts = { length: start + data.length, blockCount, blockLimit };
    const last = lastRecordVersion(stream, data, start === 0);
    if (last.kind === 'found') return { ...facts, version: last.version };
    if (last.kind === 'empty') return facts;
  }
}
