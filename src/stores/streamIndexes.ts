// One process's view of the stream indexes of a store (streamIndex.ts): the checkpoints it has learnt per
// stream, from the stored index documents, from its own appends and from the records its reads went through.
// Reads ask it where to start; what they and appends learn is written back to the stored index in the
// background, never on a command's critical path, and a failed write is only logged: the index is a hint,
// and the next read that passes through the same records learns the same checkpoints again.
import { LRUCache } from 'lru-cache';
import type { StreamId } from './eventStore.js';
import {
  addsCheckpoints,
  type Checkpoint,
  coversVersion,
  mergeCheckpoints,
  serializeIndex,
  startsAtFirstRecord,
} from './streamIndex.js';
import { streamKey } from './streamKey.js';

/** A stored index document: its checkpoints (undefined when it is damaged) and its ETag, if the store has one. */
export interface IndexDocument {
  checkpoints: Checkpoint[] | undefined;
  etag?: string;
}

/** Where a store keeps its index documents. */
export interface IndexDocuments {
  /** The stream's stored index; undefined when there is none. */
  read(stream: StreamId): Promise<IndexDocument | undefined>;
  /**
   * Replaces the stream's index if it is still the document with `etag` (absent: only if there is none);
   * 'conflict' when it changed meanwhile. Stores without conditional writes replace it unconditionally and
   * return no ETag.
   */
  write(stream: StreamId, text: string, etag: string | undefined): Promise<{ etag?: string } | 'conflict'>;
}

interface Known {
  checkpoints: Checkpoint[];
  /** The ETag of the stored document these checkpoints include, when `synced`. */
  etag?: string;
  /** True when `etag` is known to be the stored document's: the next write can be conditional on it. */
  synced: boolean;
  /** The stored document misled a read: the next write replaces it instead of merging with it. */
  replace: boolean;
  /** Something was learnt while a write was under way: write again after it. */
  dirty: boolean;
}

/** Conditional writes refused in a row before a write is left for later (other writers keep winning). */
const WRITE_ATTEMPTS = 6;

export class StreamIndexes {
  private readonly known = new LRUCache<string, Known>({ max: 10_000 });
  private readonly writing = new Map<string, Promise<void>>();

  constructor(
    private readonly documents: IndexDocuments,
    /** Checkpoint spacing in versions. */
    readonly every: number,
    private readonly onError: (error: unknown) => void = (error) =>
      console.warn('Stream index not written (a later read repairs it):', error),
  ) {
    if (!Number.isSafeInteger(every) || every < 1) {
      throw new RangeError(`checkpointEvery must be a positive integer, got ${every}`);
    }
  }

  /**
   * Checkpoints for a read from version `from`: none when it starts at the first record anyway; those in
   * memory when they are close enough; else the stored index's too (one small read). The index is a hint:
   * when it cannot be read, the read goes on without it (and meets any outage itself).
   */
  async forRead(stream: StreamId, from: number): Promise<readonly Checkpoint[]> {
    if (startsAtFirstRecord(from, this.every)) return [];
    const entry = this.entry(stream);
    if (coversVersion(entry.checkpoints, from, this.every)) return entry.checkpoints;
    try {
      this.absorb(entry, await this.documents.read(stream));
    } catch {
      // unreadable now: read without it
    }
    return entry.checkpoints;
  }

  /** Checkpoints already in memory (no request), e.g. to bound a read's end. */
  inMemory(stream: StreamId): readonly Checkpoint[] {
    return this.known.get(streamKey(stream))?.checkpoints ?? [];
  }

  /** True checkpoints a read or an append found; written back in the background when they are new. */
  learn(stream: StreamId, checkpoints: readonly Checkpoint[]): void {
    if (checkpoints.length === 0) return;
    const entry = this.entry(stream);
    if (!addsCheckpoints(entry.checkpoints, checkpoints)) return;
    entry.checkpoints = mergeCheckpoints(entry.checkpoints, checkpoints);
    this.scheduleWrite(stream);
  }

  /** A checkpoint did not hold the record it claimed: forget the index; the next write replaces it. */
  distrust(stream: StreamId): void {
    const entry = this.entry(stream);
    entry.checkpoints = [];
    entry.replace = true;
  }

  /** Resolves once every write started so far has finished (or failed); for shutdown and tests. */
  async flush(): Promise<void> {
    while (this.writing.size > 0) await Promise.all([...this.writing.values()]);
  }

  private entry(stream: StreamId): Known {
    const key = streamKey(stream);
    let entry = this.known.get(key);
    if (!entry) {
      entry = { checkpoints: [], synced: false, replace: false, dirty: false };
      this.known.set(key, entry);
    }
    return entry;
  }

  /** Takes in a stored document: its ETag always, its checkpoints unless it is damaged or distrusted. */
  private absorb(entry: Known, stored: IndexDocument | undefined): void {
    entry.etag = stored?.etag;
    entry.synced = true;
    if (stored?.checkpoints === undefined) {
      entry.replace ||= stored !== undefined;
      return;
    }
    if (!entry.replace) entry.checkpoints = mergeCheckpoints(stored.checkpoints, entry.checkpoints);
  }

  private scheduleWrite(stream: StreamId): void {
    const key = streamKey(stream);
    const entry = this.entry(stream);
    if (this.writing.has(key)) {
      entry.dirty = true;
      return;
    }
    const write = this.write(stream, entry)
      .catch(this.onError)
      .finally(() => this.writing.delete(key));
    this.writing.set(key, write);
  }

  // Read-merge-write with the stored document's ETag, so writers in several processes never drop each
  // other's checkpoints (where the store offers no conditions, a lost checkpoint is found again by reads).
  private async write(stream: StreamId, entry: Known): Promise<void> {
    for (let conflicts = 0; ; ) {
      entry.dirty = false;
      if (!entry.synced) {
        const stored = await this.documents.read(stream);
        this.absorb(entry, stored);
        // Another process (or an earlier write of this one) stored all of it already.
        const current = !entry.replace && stored?.checkpoints;
        if (current && !addsCheckpoints(current, entry.checkpoints) && !entry.dirty) return;
      }
      const written = await this.documents.write(stream, serializeIndex(entry.checkpoints), entry.etag);
      if (written === 'conflict') {
        entry.synced = false;
        if (++conflicts >= WRITE_ATTEMPTS) {
          throw new Error(`The index of ${streamKey(stream)} kept changing; left for a later write.`);
        }
        // Another writer got in first: let it finish before reading its document.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * conflicts));
        continue;
      }
      entry.etag = written.etag;
      entry.synced = written.etag !== undefined;
      entry.replace = false;
      // Appends that crossed more checkpoints meanwhile are written next, in the same turn.
      if (!entry.dirty) return;
    }
  }
}
