// Local File event store: one file per stream under a folder (format in streamFile.ts), for offline use and
// tests. Appends hold a lock file (proper-lockfile: atomic mkdir, refreshed while held, taken over when
// stale) so writers in several processes keep versions contiguous.
import { type FileHandle, mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { ConcurrencyError, StoreUnavailableError } from '../../errors.js';
import { DEFAULT_LIMITS, preparedAppend } from '../appendChecks.js';
import { parseLines, selectFromLines } from '../commandLines.js';
import type * as Port from '../eventStore.js';
import { decodeFileName, encodeFileName } from '../fileNames.js';
import { pageOfIds, readResult, streamKey, versionWindow } from '../streamKey.js';
import { readFrom, readTail } from './streamFile.js';
import { readWindow } from './windowRead.js';

const EXTENSION = '.ndjson';

export interface LocalFileEventStoreOptions {
  folder: string;
  /** Flush each append to disk before acknowledging it (default true). */
  fsync?: boolean;
  /** A lock older than this is considered abandoned by a crashed writer (default 10 s). */
  lockStaleInMs?: number;
}

export class LocalFileEventStore implements Port.EventStore {
  readonly name = 'local-file';
  readonly limits = DEFAULT_LIMITS;

  constructor(private readonly options: LocalFileEventStoreOptions) {}

  async readStream(stream: Port.StreamId, options?: Port.ReadStreamOptions): Promise<Port.ReadStreamResult> {
    const windowed = !options?.after && ((options?.fromVersion ?? 1) > 1 || options?.limit !== undefined);
    if (windowed) return this.readWindow(stream, options);
    const token = Number(options?.after?.token ?? 0);
    const start = Number.isSafeInteger(token) && token > 0 ? token : 0;
    let content: Buffer;
    try {
      content = await readFrom(this.path(stream), start);
    } catch (error) {
      if (isMissing(error)) return { events: [], streamVersion: 0 };
      throw error;
    }
    const lines = parseLines(stream, content, start, start > 0 ? (options?.after?.version ?? 0) : 0);
    const head = lines.at(-1)?.events.at(-1)?.version ?? options?.after?.version ?? 0;
    const { from, to } = versionWindow(options, head);
    const { events, position } = selectFromLines(lines, from, to);
    return readResult(events, head, position);
  }

  /** A page from anywhere in the stream reads about what it returns (windowRead.ts). */
  private async readWindow(
    stream: Port.StreamId,
    options: Port.ReadStreamOptions | undefined,
  ): Promise<Port.ReadStreamResult> {
    let file: FileHandle;
    try {
      file = await open(this.path(stream), 'r');
    } catch (error) {
      if (isMissing(error)) return { events: [], streamVersion: 0 };
      throw error;
    }
    try {
      return await readWindow(stream, file, options);
    } finally {
      await file.close();
    }
  }

  async appendToStream(
    stream: Port.StreamId,
    expectedVersion: number,
    events: Port.EventEnvelope[],
    options?: Port.AppendOptions,
  ): Promise<Port.AppendResult> {
    const line = `[${preparedAppend(stream, expectedVersion, events, this.limits, options).join(',')}]\n`;
    const path = this.path(stream);
    await mkdir(join(this.options.folder, stream.aggregateType), { recursive: true });
    const file = await open(path, 'a+');
    let release: (() => Promise<void>) | undefined;
    try {
      release = await this.lock(path);
      const tail = await readTail(stream, file);
      if (tail.version !== expectedVersion) {
        throw new ConcurrencyError(
          `Stream ${streamKey(stream)} is at version ${tail.version}, not ${expectedVersion}.`,
          tail.version,
        );
      }
      if (tail.size > tail.endOffset) await file.truncate(tail.endOffset); // drop a torn last line
      await file.write(line, null, 'utf8');
      if (this.options.fsync ?? true) await file.datasync();
      const streamVersion = expectedVersion + events.length;
      return {
        streamVersion,
        position: { version: streamVersion, token: String(tail.endOffset + Buffer.byteLength(line)) },
      };
    } finally {
      await release?.();
      await file.close();
    }
  }

  async listStreams(aggregateType: string, options?: Port.ListStreamsOptions): Promise<Port.ListStreamsPage> {
    let names: string[];
    try {
      names = await readdir(join(this.options.folder, aggregateType));
    } catch (error) {
      if (isMissing(error)) return { aggregateIds: [] };
      throw error;
    }
    const ids = names
      .filter((name) => name.endsWith(EXTENSION))
      .map((name) => decodeFileName(name.slice(0, -EXTENSION.length)))
      .sort();
    return pageOfIds(ids, options);
  }

  async checkHealth(): Promise<void> {
    try {
      await mkdir(this.options.folder, { recursive: true });
    } catch (error) {
      throw new StoreUnavailableError(
        `The ${this.name} event store cannot use its folder (${(error as { code?: string }).code ?? 'unusable'}).`,
        5,
        { cause: error },
      );
    }
  }

  private path(stream: Port.StreamId): string {
    return join(
      this.options.folder,
      stream.aggregateType,
      `${encodeFileName(stream.aggregateId)}${EXTENSION}`,
    );
  }

  private lock(path: string): Promise<() => Promise<void>> {
    return lockfile.lock(path, {
      realpath: false,
      stale: this.options.lockStaleInMs ?? 10_000,
      retries: { retries: 200, factor: 1.2, minTimeout: 2, maxTimeout: 50, randomize: true },
    });
  }
}

function isMissing(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'ENOENT';
}
