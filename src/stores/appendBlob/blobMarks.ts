// The standing publication marker's mark on an Append Blob stream (messaging/markers.ts has the protocol): the
// `marked` metadata of the blob that takes the next append, set when a covered append creates the blob. An
// append that must be covered by the marker is conditioned on that blob's ETag (If-Match, beside
// appendPosition), so a retirement's first step — a conditional metadata write clearing the mark, which changes
// the ETag — makes every writer holding an older ETag fail and start again. A blob without the mark is
// appended to after ensuring the marker; the ETag its append returns counts as marked in this process (the
// argument holds for it as for the metadata), so a busy stream's append is one request either way.
import { LRUCache } from 'lru-cache';
import { ConcurrencyError } from '../../errors.js';
import { isRestError } from '../azureErrors.js';
import type { StreamId } from '../eventStore.js';
import { streamKey } from '../streamKey.js';
import type { BlobFacts, StreamBlobClient } from './streamBlobClient.js';
import { isFull } from './streamBlobs.js';
import { findHead } from './streamHead.js';

/** A blob of the stream at a known length, with the ETag it had then and whether it recorded the mark. */
export interface BlobMark {
  blobIndex: number;
  length: number;
  etag: string;
  marked: boolean;
}

export class BlobMarks {
  private readonly known = new LRUCache<string, BlobMark>({ max: 10_000 });

  constructor(private readonly blobs: StreamBlobClient) {}

  /**
   * Gets an append's target blob ready: creates it when it is new (with the mark when the append must be
   * covered by the marker, which is ensured first), and returns the ETag to condition the append on (only
   * with `ensureMarker`) and, when it had to look, the blob's own block limit.
   */
  async prepare(
    stream: StreamId,
    target: { blobIndex: number; offset: number; create: boolean },
    expectedVersion: number,
    ensureMarker: ((headVersion: number) => Promise<void>) | undefined,
  ): Promise<{ ifMatch?: string; blockLimit?: number }> {
    if (!target.create) {
      return ensureMarker
        ? { ifMatch: await this.markedEtag(stream, target, expectedVersion, ensureMarker) }
        : {};
    }
    if (ensureMarker) await ensureMarker(expectedVersion);
    const created = await this.blobs.create(stream, target.blobIndex, ensureMarker !== undefined);
    if (created.kind === 'created') return ensureMarker ? { ifMatch: created.etag } : {};
    // Already there: another writer's (or a crashed one's). Only an empty blob can take the append at 0, and
    // its own limit decides when it is full. Asked before appending, so nothing can fail after it.
    const existing = await this.blobs.properties(stream, target.blobIndex);
    if (!existing || existing.length !== target.offset) throw this.conflict(stream, expectedVersion);
    const { blockLimit } = existing;
    if (!ensureMarker) return { blockLimit };
    return {
      blockLimit,
      ifMatch: await this.markedEtag(stream, target, expectedVersion, ensureMarker, existing),
    };
  }

  /**
   * The ETag an append at `offset` of an existing blob must be conditioned on, that blob recording the mark:
   * when what is known of it does not, the marker is ensured (after learning the ETag) and the mark set with
   * If-Match on it. A blob no longer `offset` bytes long means the head moved on: a concurrency conflict.
   */
  async markedEtag(
    stream: StreamId,
    place: { blobIndex: number; offset: number },
    expectedVersion: number,
    ensureMarker: (headVersion: number) => Promise<void>,
    facts?: BlobFacts,
  ): Promise<string> {
    let known = this.known.get(streamKey(stream));
    if (known?.blobIndex !== place.blobIndex || known.length !== place.offset) known = undefined;
    if (known?.marked) return known.etag;
    if (known) {
      await ensureMarker(expectedVersion); // e.g. after this process retired the marker: the ETag it left
      return known.etag;
    }
    const blob = facts ?? (await this.blobs.properties(stream, place.blobIndex));
    if (!blob || blob.length !== place.offset) throw this.conflict(stream, expectedVersion);
    if (blob.marked) return blob.etag;
    // The metadata is left as it is: the append, conditioned on this ETag learned before the marker was
    // ensured, is covered, and so is every later append of this process conditioned on the ETag it returns.
    await ensureMarker(expectedVersion);
    return blob.etag;
  }

  private conflict(stream: StreamId, expectedVersion: number): ConcurrencyError {
    this.forget(stream);
    return new ConcurrencyError(`Stream ${streamKey(stream)} has moved on, not ${expectedVersion}.`);
  }

  remember(stream: StreamId, mark: BlobMark): void {
    this.known.set(streamKey(stream), mark);
  }

  forget(stream: StreamId): void {
    this.known.delete(streamKey(stream));
  }

  /**
   * StreamMarking.unmark: if the stream is at `version`, clears the mark of the blob that takes the next
   * append, with If-Match on the ETag read at the head's length. That blob not existing yet (a new stream, or
   * the last blob full), it is created unmarked, so a writer's own creation of it fails.
   */
  async unmark(stream: StreamId, version: number): Promise<boolean> {
    this.forget(stream);
    const head = await findHead(this.blobs, stream);
    if ((head?.version ?? 0) !== version) return false;
    const next = !head || isFull(head);
    const blobIndex = !head ? 0 : next ? head.blobIndex + 1 : head.blobIndex;
    if (next && (await this.blobs.create(stream, blobIndex, false)).kind === 'created') return true;
    const blob = await this.blobs.properties(stream, blobIndex);
    if (!blob || blob.length !== (next ? 0 : head.length)) return false;
    // Written even when already clear: a writer may hold this ETag, about to append on it.
    try {
      const etag = await this.blobs.setMarked(stream, blobIndex, blob, false);
      this.remember(stream, { blobIndex, length: blob.length, etag, marked: false });
      return true;
    } catch (error) {
      if (isRestError(error, 412) || isRestError(error, 404)) return false;
      throw error;
    }
  }
}
