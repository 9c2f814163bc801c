// Azure Append Blob event store. A stream is a chain of append blobs `{type}/{id}/{000000}.ndjson` holding
// newline-delimited envelopes; each command's events are one append block (atomic: readers see all of them
// or none), written with `appendPosition` = the blob length that belongs to the expected version, so a
// stale writer gets 412 AppendPositionConditionNotMet and never tears or interleaves the stream. A blob that
// reaches its block limit (recorded in its metadata) is continued in the next one. Bookmarks are
// `${blob}:${offset}`, so a read after one downloads only what follows it; reads from a version start at a
// checkpoint of the stream's index (`index.json` beside the blobs, kept in the background), so they too
// download only about what they return (windowRead.ts). An append that must be covered by the stream's
// standing publication marker is also conditioned on the blob's ETag, its metadata recording the mark
// (blobMarks.ts).
import type { ContainerClient } from '@azure/storage-blob';
import { LRUCache } from 'lru-cache';
import { ConcurrencyError, PayloadTooLargeError } from '../../errors.js';
import { DEFAULT_LIMITS, preparedAppend } from '../appendChecks.js';
import { isRestError, mapUnavailable, probeHealth } from '../azureErrors.js';
import type * as Port from '../eventStore.js';
import { DEFAULT_CHECKPOINT_EVERY } from '../streamIndex.js';
import { StreamIndexes } from '../streamIndexes.js';
import { streamKey } from '../streamKey.js';
import { BlobIndexDocuments } from './blobIndexDocuments.js';
import { BlobMarks } from './blobMarks.js';
import { checkpointsOfBlock, checkpointsOfRecords } from './checkpoints.js';
import { appendBlockBody } from './records.js';
import { StreamBlobClient } from './streamBlobClient.js';
import {
  AZURE_MAX_BLOCKS,
  type BlobOffset,
  headContinuation,
  isAtOrAfter,
  isFull,
  type StreamHead,
  toToken,
} from './streamBlobs.js';
import { findHead } from './streamHead.js';
import { ownAppend, type ScanResult, scanFrom } from './streamReader.js';
import { type ReadContext, readWindow } from './windowRead.js';

/** Azure's limit for one Append Block request. */
const MAX_APPEND_BLOCK_BYTES = 4 * 1024 * 1024;

export interface AppendBlobEventStoreOptions {
  /** The container holding the streams; the factory builds it (connection string or managed identity). */
  containerClient: ContainerClient;
  /** Blocks (commands) per blob before the stream continues in the next blob (default and maximum 50,000). */
  maxBlocksPerBlob?: number;
  /** Versions between two checkpoints of a stream's index (default 100). */
  checkpointEvery?: number;
}

/** Where one append goes: a blob and the length it must have (a blob not known to exist is created first). */
interface AppendTarget extends BlobOffset {
  create: boolean;
  /** The target blob's own block limit, when it is known to exist. */
  blockLimit?: number;
}

export class AppendBlobEventStore implements Port.EventStore {
  readonly name = 'append-blob';
  readonly limits = DEFAULT_LIMITS;
  private readonly blobs: StreamBlobClient;
  /**
   * The head of recently used streams, filled by reads and appends, so an append right after a read or an
   * append is a single request. Blobs only grow, so an entry is never wrong, only possibly behind: an append
   * from a stale entry fails its appendPosition condition and reports a concurrency conflict.
   */
  private readonly heads = new LRUCache<string, StreamHead>({ max: 10_000 });
  private readonly indexes: StreamIndexes;
  private readonly reads: ReadContext;
  private readonly marks: BlobMarks;
  readonly marking: Port.StreamMarking = {
    unmark: (stream, version) =>
      this.marks.unmark(stream, version).catch((e) => mapUnavailable(this.name, e)),
  };

  constructor(options: AppendBlobEventStoreOptions) {
    const maxBlocks = options.maxBlocksPerBlob ?? AZURE_MAX_BLOCKS;
    if (!Number.isInteger(maxBlocks) || maxBlocks < 1 || maxBlocks > AZURE_MAX_BLOCKS) {
      throw new RangeError(
        `maxBlocksPerBlob must be an integer from 1 to ${AZURE_MAX_BLOCKS}, got ${maxBlocks}`,
      );
    }
    this.blobs = new StreamBlobClient(options.containerClient, maxBlocks);
    this.marks = new BlobMarks(this.blobs);
    this.indexes = new StreamIndexes(
      new BlobIndexDocuments(options.containerClient),
      options.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY,
    );
    this.reads = {
      blobs: this.blobs,
      indexes: this.indexes,
      cachedHead: (stream) => this.heads.get(streamKey(stream)),
      remember: (stream, head) => this.remember(stream, head),
    };
  }

  async readStream(stream: Port.StreamId, options?: Port.ReadStreamOptions): Promise<Port.ReadStreamResult> {
    try {
      return await readWindow(this.reads, stream, options);
    } catch (error) {
      return mapUnavailable(this.name, error);
    }
  }

  async appendToStream(
    stream: Port.StreamId,
    expectedVersion: number,
    events: Port.EventEnvelope[],
    options?: Port.AppendOptions,
  ): Promise<Port.AppendResult> {
    const serialized = preparedAppend(stream, expectedVersion, events, this.limits, options);
    const body = appendBlockBody(serialized);
    if (body.length > MAX_APPEND_BLOCK_BYTES) {
      throw new PayloadTooLargeError(
        `The command's events take ${body.length} bytes; an append block holds 4 MiB.`,
      );
    }
    try {
      const target = await this.targetFor(stream, expectedVersion);
      return await this.write(stream, expectedVersion, target, body, serialized, options?.ensureMarker);
    } catch (error) {
      return mapUnavailable(this.name, error);
    }
  }

  async listStreams(aggregateType: string, options?: Port.ListStreamsOptions): Promise<Port.ListStreamsPage> {
    try {
      return await this.blobs.listStreamIds(aggregateType, options);
    } catch (error) {
      return mapUnavailable(this.name, error);
    }
  }

  async checkHealth(): Promise<void> {
    await probeHealth(this.name, () => this.blobs.ping());
  }

  /** Waits for the stream index writes under way (they run in the background). */
  async close(): Promise<void> {
    await this.indexes.flush();
  }

  /** Proves `expectedVersion` is the head (from the cache when it can) and picks the blob and position. */
  private async targetFor(stream: Port.StreamId, expectedVersion: number): Promise<AppendTarget> {
    let head = this.heads.get(streamKey(stream));
    if (head && expectedVersion < head.version) throw this.conflict(stream, expectedVersion, head.version);
    if (!head && expectedVersion === 0) return { blobIndex: 0, offset: 0, create: true };
    if (!head || head.version < expectedVersion) head = await this.refreshHead(stream, head);
    const version = head?.version ?? 0;
    if (version !== expectedVersion) throw this.conflict(stream, expectedVersion, version);
    if (!head) return { blobIndex: 0, offset: 0, create: true };
    if (isFull(head)) return { blobIndex: head.blobIndex + 1, offset: 0, create: true };
    return { blobIndex: head.blobIndex, offset: head.length, create: false, blockLimit: head.blockLimit };
  }

  /** Catches up from the cached head (a tail read), or finds the head from the last blob. */
  private async refreshHead(
    stream: Port.StreamId,
    known: StreamHead | undefined,
  ): Promise<StreamHead | undefined> {
    let head = known;
    if (known) {
      const scan = await scanFrom(this.blobs, stream, headContinuation(known), known.version);
      this.indexes.learn(stream, checkpointsOfRecords(scan.records, this.indexes.every));
      head = scan.head ?? known;
    } else head = await findHead(this.blobs, stream);
    if (head) this.remember(stream, head);
    return head;
  }

  private async write(
    stream: Port.StreamId,
    expectedVersion: number,
    target: AppendTarget,
    body: Buffer,
    serialized: string[],
    ensureMarker: ((headVersion: number) => Promise<void>) | undefined,
  ): Promise<Port.AppendResult> {
    const ready = await this.marks.prepare(stream, target, expectedVersion, ensureMarker);
    const blockLimit = ready.blockLimit ?? target.blockLimit ?? this.blobs.blockLimit;
    let appended: { blockCount: number; etag: string };
    try {
      appended = await this.blobs.append(stream, target.blobIndex, target.offset, body, ready.ifMatch);
    } catch (error) {
      if (isRestError(error, 412) || isRestError(error, 409, 'BlockCountExceedsLimit')) {
        this.marks.forget(stream); // a 412 without AppendPositionConditionNotMet: the mark was cleared
        return this.afterRejectedAppend(stream, expectedVersion, target, serialized);
      }
      if (isRestError(error, 404)) {
        this.heads.delete(streamKey(stream));
        throw this.conflict(stream, expectedVersion);
      }
      throw error;
    }
    const version = expectedVersion + serialized.length;
    const length = target.offset + body.length;
    const head = {
      version,
      blobIndex: target.blobIndex,
      length,
      blockCount: appended.blockCount,
      blockLimit,
    };
    this.remember(stream, head);
    if (ready.ifMatch === undefined) this.marks.forget(stream);
    else
      this.marks.remember(stream, { blobIndex: target.blobIndex, length, etag: appended.etag, marked: true });
    this.indexes.learn(stream, checkpointsOfBlock(expectedVersion, serialized, target, this.indexes.every));
    return { streamVersion: version, position: { version, token: toToken(headContinuation(head)) } };
  }

  /**
   * The blob had moved on. Usually another writer won; but when the service committed this very append and
   * only its response was lost, the SDK's retry is refused too: then the block at the target holds exactly
   * these events, and the append succeeded. Either way the read brings the cached head up to date.
   */
  private async afterRejectedAppend(
    stream: Port.StreamId,
    expectedVersion: number,
    target: AppendTarget,
    serialized: string[],
  ): Promise<Port.AppendResult> {
    const scan = await scanFrom(this.blobs, stream, target, expectedVersion);
    if (scan.head) this.remember(stream, scan.head);
    this.indexes.learn(stream, checkpointsOfRecords(scan.records, this.indexes.every));
    const landed = ownAppend(scan, serialized);
    if (landed) return { streamVersion: landed.version, position: landed };
    throw this.conflict(stream, expectedVersion, knownVersion(scan, expectedVersion));
  }

  private remember(stream: Port.StreamId, head: StreamHead): void {
    const key = streamKey(stream);
    const known = this.heads.get(key);
    if (!known || isAtOrAfter(head, known)) this.heads.set(key, head);
  }

  private conflict(
    stream: Port.StreamId,
    expectedVersion: number,
    currentVersion?: number,
  ): ConcurrencyError {
    const at = currentVersion === undefined ? 'has moved on' : `is at version ${currentVersion}`;
    return new ConcurrencyError(`Stream ${streamKey(stream)} ${at}, not ${expectedVersion}.`, currentVersion);
  }
}

/** The version a conflict can report: only what the read proved (finding nothing proves nothing). */
function knownVersion(scan: ScanResult, expectedVersion: number): number | undefined {
  return scan.version === expectedVersion ? undefined : scan.version;
}
