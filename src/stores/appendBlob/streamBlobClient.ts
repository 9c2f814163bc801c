// The Blob service calls the Append Blob store makes, each one request, with the service's answers that the
// store acts on (missing blob, read past the end, blob already there) turned into plain results.
import type { AppendBlobClient, ContainerClient } from '@azure/storage-blob';
import { LRUCache } from 'lru-cache';
import { isRestError } from '../azureErrors.js';
import type { ListStreamsOptions, ListStreamsPage, StreamId } from '../eventStore.js';
import {
  blobIndexOf,
  blobName,
  blockLimitOf,
  creationMetadata,
  isMarked,
  streamPrefix,
} from './streamBlobs.js';

/**
 * What a download found: bytes from the offset (to the blob's end, or `count` of them) with the blob's length
 * and block facts, or nothing.
 */
export type BlobDownload =
  | { kind: 'data'; data: Buffer; blobLength: number; blockCount: number; blockLimit: number }
  | { kind: 'past-end' }
  | { kind: 'missing' };

export interface BlobFacts {
  length: number;
  blockCount: number;
  blockLimit: number;
  etag: string;
  /** Whether its metadata records the stream's standing publication marker. */
  marked: boolean;
}

export type Creation = { kind: 'created'; etag: string } | { kind: 'exists' };

export class StreamBlobClient {
  /** The container's creation, shared by every caller that found it missing at the same time. */
  private containerCreation: Promise<unknown> | undefined;
  /**
   * The clients of the blobs in use: making one builds its own request pipeline, which cost a busy stream's
   * command more CPU (about 45 µs) than the rest of the command pipeline.
   */
  private readonly blobs = new LRUCache<string, AppendBlobClient>({ max: 1_000 });

  constructor(
    private readonly container: ContainerClient,
    /** The rollover limit recorded in the metadata of blobs this process creates. */
    readonly blockLimit: number,
  ) {}

  /** `count` bytes from `offset` (everything to the blob's end without a count), in one ranged GET. */
  async download(stream: StreamId, blobIndex: number, offset: number, count?: number): Promise<BlobDownload> {
    try {
      const response = await this.blob(stream, blobIndex).download(offset, count);
      const data = await readAll(response.readableStreamBody);
      return {
        kind: 'data',
        data,
        blobLength: totalLength(response.contentRange) ?? offset + data.length,
        blockCount: response.blobCommittedBlockCount ?? 0,
        blockLimit: blockLimitOf(response.metadata),
      };
    } catch (error) {
      if (isRestError(error, 404)) return { kind: 'missing' };
      // Azure answers a range starting at the blob's end with 416 (Azurite with an empty 206).
      if (isRestError(error, 416)) return { kind: 'past-end' };
      throw error;
    }
  }

  /**
   * Creates the blob with its metadata (recording the marker when `marked`) unless it exists; the container is
   * created on first need.
   */
  async create(stream: StreamId, blobIndex: number, marked = false): Promise<Creation> {
    const client = this.blob(stream, blobIndex);
    const create = () =>
      client.create({
        conditions: { ifNoneMatch: '*' },
        metadata: creationMetadata(stream, this.blockLimit, marked),
        blobHTTPHeaders: { blobContentType: 'application/x-ndjson' },
      });
    try {
      let created: Awaited<ReturnType<typeof create>>;
      try {
        created = await create();
      } catch (error) {
        if (!isRestError(error, 404, 'ContainerNotFound')) throw error;
        this.containerCreation ??= this.container.createIfNotExists();
        await this.containerCreation;
        created = await create();
      }
      return { kind: 'created', etag: created.etag ?? '' };
    } catch (error) {
      if (isRestError(error, 409, 'BlobAlreadyExists') || isRestError(error, 412)) return { kind: 'exists' };
      throw error;
    }
  }

  /** Sets or clears the mark (the blob's metadata, as created) if the blob is still `etag`; its new ETag. */
  async setMarked(stream: StreamId, blobIndex: number, facts: BlobFacts, marked: boolean): Promise<string> {
    const metadata = creationMetadata(stream, facts.blockLimit, marked);
    const response = await this.blob(stream, blobIndex).setMetadata(metadata, {
      conditions: { ifMatch: facts.etag },
    });
    return response.etag ?? '';
  }

  async properties(stream: StreamId, blobIndex: number): Promise<BlobFacts | undefined> {
    try {
      const properties = await this.blob(stream, blobIndex).getProperties();
      return {
        length: properties.contentLength ?? 0,
        blockCount: properties.blobCommittedBlockCount ?? 0,
        blockLimit: blockLimitOf(properties.metadata),
        etag: properties.etag ?? '',
        marked: isMarked(properties.metadata),
      };
    } catch (error) {
      if (isRestError(error, 404)) return undefined;
      throw error;
    }
  }

  /**
   * Appends one block if the blob is `position` bytes long (and, with `ifMatch`, still that ETag); returns the
   * blob's committed block count and new ETag.
   */
  async append(
    stream: StreamId,
    blobIndex: number,
    position: number,
    body: Buffer,
    ifMatch?: string,
  ): Promise<{ blockCount: number; etag: string }> {
    const response = await this.blob(stream, blobIndex).appendBlock(body, body.length, {
      conditions:
        ifMatch === undefined ? { appendPosition: position } : { appendPosition: position, ifMatch },
    });
    return { blockCount: response.blobCommittedBlockCount ?? 0, etag: response.etag ?? '' };
  }

  /** The stream's blobs, in index order, with their lengths. */
  async listBlobs(stream: StreamId): Promise<{ blobIndex: number; length: number }[]> {
    const blobs: { blobIndex: number; length: number }[] = [];
    try {
      for await (const item of this.container.listBlobsFlat({ prefix: streamPrefix(stream) })) {
        const blobIndex = blobIndexOf(stream, item.name);
        if (blobIndex !== undefined) blobs.push({ blobIndex, length: item.properties.contentLength ?? 0 });
      }
    } catch (error) {
      if (!isRestError(error, 404)) throw error;
    }
    return blobs.sort((a, b) => a.blobIndex - b.blobIndex);
  }

  /** One page of the aggregate ids of a type: the "folders" under `{aggregateType}/`. */
  async listStreamIds(aggregateType: string, options?: ListStreamsOptions): Promise<ListStreamsPage> {
    const prefix = `${aggregateType}/`;
    try {
      const pages = this.container
        .listBlobsByHierarchy('/', { prefix })
        .byPage({ maxPageSize: options?.pageSize ?? 1000, continuationToken: options?.continuationToken });
      const next = await pages.next();
      if (next.done) return { aggregateIds: [] };
      const page = next.value;
      const aggregateIds =
        page.segment.blobPrefixes?.map((folder) => folder.name.slice(prefix.length, -1)) ?? [];
      return page.continuationToken
        ? { aggregateIds, continuationToken: page.continuationToken }
        : { aggregateIds };
    } catch (error) {
      if (isRestError(error, 404)) return { aggregateIds: [] };
      throw error;
    }
  }

  /** One cheap request that proves the account answers (a missing container is still healthy). */
  async ping(): Promise<void> {
    await this.container.getProperties();
  }

  private blob(stream: StreamId, blobIndex: number): AppendBlobClient {
    const name = blobName(stream, blobIndex);
    let client = this.blobs.get(name);
    if (!client) {
      client = this.container.getAppendBlobClient(name);
      this.blobs.set(name, client);
    }
    return client;
  }
}

/** The blob's length from a `Content-Range: bytes a-b/total` answer. */
function totalLength(contentRange: string | undefined): number | undefined {
  const total = Number(contentRange?.split('/')[1]);
  return Number.isSafeInteger(total) ? total : undefined;
}

async function readAll(body: NodeJS.ReadableStream | undefined): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
