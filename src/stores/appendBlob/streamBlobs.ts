// How one event stream maps onto append blobs: `{aggregateType}/{aggregateId}/{index:6}.ndjson`, metadata set
// at creation, and the facts about a stream's head that the store caches and puts in bookmarks.
import type { StreamId } from '../eventStore.js';

/** Azure refuses a 50,001st block in one append blob (409 BlockCountExceedsLimit). */
export const AZURE_MAX_BLOCKS = 50_000;

const EXTENSION = '.ndjson';
const BLOB_FILE = /^(\d{6})\.ndjson$/;

export function streamPrefix(stream: StreamId): string {
  // Ids are validated at the edge; a '/', '.' or '..' segment here would name another stream's blob.
  for (const part of [stream.aggregateType, stream.aggregateId]) {
    if (part.includes('/') || part === '.' || part === '..' || part === '') {
      throw new RangeError(`${part} cannot name an append blob stream`);
    }
  }
  return `${stream.aggregateType}/${stream.aggregateId}/`;
}

export function blobName(stream: StreamId, blobIndex: number): string {
  return `${streamPrefix(stream)}${String(blobIndex).padStart(6, '0')}${EXTENSION}`;
}

/** The index of a listed blob of the stream, or undefined for a name this store did not write. */
export function blobIndexOf(stream: StreamId, name: string): number | undefined {
  const match = BLOB_FILE.exec(name.slice(streamPrefix(stream).length));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * Metadata written when a blob is created (names lower-case: the SDK returns them lower-cased). `blocklimit`
 * records the rollover limit the blob was created with, so every process agrees when it is full even while
 * a changed `maxBlocksPerBlob` is rolling out: two writers with different limits must never both continue.
 */
export function creationMetadata(
  stream: StreamId,
  blockLimit: number,
  marked = false,
): Record<string, string> {
  return {
    domain: stream.aggregateType.split('.')[0] ?? stream.aggregateType,
    aggregatetype: stream.aggregateType,
    aggregatekey: stream.aggregateId,
    blocklimit: String(blockLimit),
    ...(marked && { marked: 'true' }),
  };
}

/** Whether the blob's metadata records the stream's standing publication marker (blobMarks.ts). */
export function isMarked(metadata: Record<string, string> | undefined): boolean {
  return metadata?.marked === 'true';
}

/** The blob's own rollover limit; Azure's limit for a blob without (valid) metadata. */
export function blockLimitOf(metadata: Record<string, string> | undefined): number {
  const limit = Number(metadata?.blocklimit);
  return Number.isInteger(limit) && limit > 0 && limit <= AZURE_MAX_BLOCKS ? limit : AZURE_MAX_BLOCKS;
}

/**
 * Where a stream ended when last seen: its last blob's index, length and committed block count, and the
 * version of its last event. Blobs only grow, so this is never wrong, at worst behind.
 */
export interface StreamHead {
  version: number;
  blobIndex: number;
  length: number;
  blockCount: number;
  blockLimit: number;
}

/** A full blob takes no more appends: the stream continues in the next blob. */
export function isFull(head: Pick<StreamHead, 'blockCount' | 'blockLimit'>): boolean {
  return head.blockCount >= head.blockLimit;
}

/** True when `candidate` describes a later (or the same) point of the stream than `known`. */
export function isAtOrAfter(candidate: StreamHead, known: StreamHead): boolean {
  if (candidate.version !== known.version) return candidate.version > known.version;
  if (candidate.blobIndex !== known.blobIndex) return candidate.blobIndex > known.blobIndex;
  return candidate.length >= known.length;
}

/** A place to continue reading: a blob and a byte offset in it (always a record boundary). */
export interface BlobOffset {
  blobIndex: number;
  offset: number;
}

/**
 * Where reading continues after the byte `end` of a blob. The end of a full blob continues at the start of
 * the next one, so a bookmark at the end of a blob that is not full can trust that later events land in the
 * same blob first (and a read there needs one request even when nothing new was written).
 */
export function continuation(blobIndex: number, end: number, blobIsFullAtEnd: boolean): BlobOffset {
  return blobIsFullAtEnd ? { blobIndex: blobIndex + 1, offset: 0 } : { blobIndex, offset: end };
}

export function headContinuation(head: StreamHead): BlobOffset {
  return continuation(head.blobIndex, head.length, isFull(head));
}

/** `StreamPosition.token` for this store: `${blobIndex}:${byteOffset}`. */
export function toToken(place: BlobOffset): string {
  return `${place.blobIndex}:${place.offset}`;
}

export function fromToken(token: string): BlobOffset | undefined {
  const match = /^(\d{1,6}):(\d{1,15})$/.exec(token);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { blobIndex: Number(match[1]), offset: Number(match[2]) };
}
