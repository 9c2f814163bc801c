// Azure File Share event store: one pre-allocated file per stream, `{directory}/{aggregateType}/{id}.ndjson`
// (format and commit metadata in streamFile.ts). An append holds the file's lease, checks the committed
// record count, writes its line at the end of the data (growing the file by doubling when needed) and then
// sets the metadata: that write is the commit point, so a crash before it leaves the stream as it was.
// New streams are created exclusively (streamCreation.ts); leases left by crashed writers are broken once
// stale (leaseGate.ts). Reads start at a checkpoint of the stream's index, a sidecar file kept in the
// background (fileIndexDocuments.ts), so they download only about what they return (streamReads.ts).
import type { ShareClient } from '@azure/storage-file-share';
import { LRUCache } from 'lru-cache';
import { ConcurrencyError } from '../../errors.js';
import { DEFAULT_LIMITS, preparedAppend } from '../appendChecks.js';
import { emptyWhenMissing, isRestError, mapUnavailable, probeHealth } from '../azureErrors.js';
import type * as Port from '../eventStore.js';
import { DEFAULT_CHECKPOINT_EVERY, isCheckpointRecord } from '../streamIndex.js';
import { StreamIndexes } from '../streamIndexes.js';
import { streamKey } from '../streamKey.js';
import { FileIndexDocuments } from './fileIndexDocuments.js';
import { LeaseGate, type WaitCheck } from './leaseGate.js';
import { createStreamFile } from './streamCreation.js';
import { StreamDirectories } from './streamDirectories.js';
import {
  aggregateIdOf,
  capacityFor,
  commitMetadata,
  type StreamState,
  stateFromProperties,
  writeRange,
} from './streamFile.js';
import { readStreamFile } from './streamReads.js';

export interface FileShareEventStoreOptions {
  /** The share holding the streams; the factory builds it (connection string or managed identity). */
  shareClient: ShareClient;
  /** Directory in the share for the streams, e.g. `streams` (may be nested, `a/b`). */
  directory: string;
  /** Size new stream files are pre-allocated to (default 64 KiB); they grow by doubling. */
  initialSizeInBytes?: number;
  /** A lease unchanged for this long is taken to be left by a crashed writer and broken (default 30 s). */
  leaseStalenessInMs?: number;
  /** How long an append waits for a lease another writer holds before giving up (default 1 s). */
  leaseWaitInMs?: number;
  /** Versions between two checkpoints of a stream's index (default 100). */
  checkpointEvery?: number;
}

const MAX_FILE_BYTES = 4 * 1024 ** 4;

export class FileShareEventStore implements Port.EventStore {
  readonly name = 'file-share';
  readonly limits = DEFAULT_LIMITS;
  private readonly directories: StreamDirectories;
  private readonly leases: LeaseGate;
  private readonly initialSizeInBytes: number;
  /**
   * The last state this process saw per stream, with its ETag. An append whose lease was granted on that
   * same ETag knows the file is unchanged since and skips reading its properties; on any other ETag it
   * reads them. The lease plus that check decide, never the cache alone.
   */
  private readonly states = new LRUCache<string, StreamState>({ max: 10_000 });
  private readonly indexes: StreamIndexes;

  constructor(options: FileShareEventStoreOptions) {
    this.initialSizeInBytes = options.initialSizeInBytes ?? 64 * 1024;
    const staleness = options.leaseStalenessInMs ?? 30_000;
    const wait = options.leaseWaitInMs ?? 1_000;
    if (!Number.isSafeInteger(this.initialSizeInBytes) || this.initialSizeInBytes < 1) {
      throw new RangeError(`initialSizeInBytes must be a positive integer, got ${this.initialSizeInBytes}`);
    }
    if (!(staleness >= 0 && wait >= 0)) throw new RangeError('Lease durations must not be negative');
    this.directories = new StreamDirectories(options.shareClient, options.directory);
    this.leases = new LeaseGate({ stalenessInMs: staleness, waitInMs: wait });
    this.indexes = new StreamIndexes(
      new FileIndexDocuments(this.directories),
      options.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY,
    );
  }

  async readStream(stream: Port.StreamId, options?: Port.ReadStreamOptions): Promise<Port.ReadStreamResult> {
    const key = streamKey(stream);
    try {
      return await readStreamFile(this.directories.file(stream), stream, options, {
        indexes: this.indexes,
        knownVersion: this.states.get(key)?.recordCount,
        remember: (state) => this.remember(key, state),
      });
    } catch (error) {
      return emptyWhenMissing(this.name, error, { events: [], streamVersion: 0 });
    }
  }

  async appendToStream(
    stream: Port.StreamId,
    expectedVersion: number,
    events: Port.EventEnvelope[],
    options?: Port.AppendOptions,
  ): Promise<Port.AppendResult> {
    const data = Buffer.from(
      `[${preparedAppend(stream, expectedVersion, events, this.limits, options).join(',')}]\n`,
    );
    const key = streamKey(stream);
    try {
      // A stream known to exist stays so (nothing deletes streams): no need to try creating it.
      if (expectedVersion === 0 && !this.states.has(key)) {
        const created = await createStreamFile(
          this.directories,
          stream,
          data,
          events.length,
          this.initialSizeInBytes,
        );
        if (created) {
          this.states.set(key, created);
          return appended(events.length, data.length);
        }
      }
      return await this.appendUnderLease(stream, expectedVersion, data, events.length);
    } catch (error) {
      return mapUnavailable(this.name, error);
    }
  }

  async listStreams(aggregateType: string, options?: Port.ListStreamsOptions): Promise<Port.ListStreamsPage> {
    try {
      const pages = this.directories
        .directory(aggregateType)
        .listFilesAndDirectories()
        .byPage({
          maxPageSize: options?.pageSize ?? 1000,
          continuationToken: options?.continuationToken || undefined,
        });
      const { value: page, done } = await pages.next();
      if (done || !page) return { aggregateIds: [] };
      const aggregateIds = page.segment.fileItems
        .map((item) => aggregateIdOf(item.name))
        .filter((id): id is string => id !== undefined);
      return page.continuationToken
        ? { aggregateIds, continuationToken: page.continuationToken }
        : { aggregateIds };
    } catch (error) {
      return emptyWhenMissing(this.name, error, { aggregateIds: [] });
    }
  }

  async checkHealth(): Promise<void> {
    // A missing share (404) is healthy: it is created on first append.
    await probeHealth(this.name, () => this.directories.share.getProperties());
  }

  /** Closes the store: waits for the stream index writes under way (they run in the background). */
  async close(): Promise<void> {
    await this.indexes.flush();
  }

  /** An appended line that holds a checkpoint's version goes into the index (written in the background). */
  private learnAppended(stream: Port.StreamId, expectedVersion: number, count: number, offset: number): void {
    if (isCheckpointRecord(expectedVersion + 1, expectedVersion + count, this.indexes.every))
      this.indexes.learn(stream, [{ version: expectedVersion + 1, blob: 0, offset }]);
  }

  // A read answered after a later append of this process must not take the remembered state back.
  private remember(key: string, state: StreamState): void {
    const known = this.states.get(key);
    if (known === undefined || known.recordCount <= state.recordCount) this.states.set(key, state);
  }

  /** Appends to an existing stream under its lease; the metadata write is the commit point. */
  private async appendUnderLease(
    stream: Port.StreamId,
    expectedVersion: number,
    data: Buffer,
    count: number,
  ): Promise<Port.AppendResult> {
    const key = streamKey(stream);
    const file = this.directories.file(stream);
    const conflict = (current: number) =>
      new ConcurrencyError(`Stream ${key} is at version ${current}, not ${expectedVersion}.`, current);
    // No point waiting for the lease once the stream is past the expected version. Versions only grow, so a
    // version this process saw earlier is proof enough; the properties read while waiting are current.
    const check: WaitCheck = (busy) => {
      const seen = busy ? Number(busy.metadata.recordcount) : (this.states.get(key)?.recordCount ?? 0);
      const moved = busy ? seen !== expectedVersion : seen > expectedVersion;
      if (moved && Number.isSafeInteger(seen)) throw conflict(seen);
    };
    try {
      return await this.leases.withLease(file, check, async ({ leaseId, etag }) => {
        // The remembered state holds only if the file has not changed since: same ETag as the lease's.
        const cached = this.states.get(key);
        const state =
          cached !== undefined && cached.etag === etag
            ? cached
            : stateFromProperties(file.path, await file.getProperties());
        this.remember(key, state);
        if (state.recordCount !== expectedVersion) throw conflict(state.recordCount);
        const endOfData = state.endOfData + data.length;
        const size = capacityFor(state.size, endOfData);
        if (size > MAX_FILE_BYTES) throw new Error(`Stream ${key} would outgrow an Azure file (4 TiB).`);
        const held = { leaseAccessConditions: { leaseId } };
        if (size !== state.size) await file.resize(size, held);
        await writeRange(file, state.endOfData, data, leaseId);
        const version = expectedVersion + count;
        const committed = await file.setMetadata(commitMetadata(stream, version, endOfData), held);
        this.states.set(key, { recordCount: version, endOfData, size, etag: committed.etag ?? '' });
        this.learnAppended(stream, expectedVersion, count, state.endOfData);
        return appended(version, endOfData);
      });
    } catch (error) {
      if (isRestError(error, 404)) throw conflict(0);
      // 412: this writer's lease was broken (taken for abandoned) before it committed; nothing is visible.
      if (isRestError(error, 412)) {
        this.states.delete(key);
        throw new ConcurrencyError(
          `Stream ${key}: another writer took over the lease; nothing was committed.`,
        );
      }
      throw error;
    }
  }
}

function appended(version: number, endOfData: number): Port.AppendResult {
  return { streamVersion: version, position: { version, token: String(endOfData) } };
}
