// Where the Append Blob store keeps a stream's index (streamIndex.ts): a small block blob beside the stream's
// append blobs, `{aggregateType}/{aggregateId}/index.json`, replaced with If-Match on its ETag so writers in
// several processes merge rather than overwrite. Listings skip it (its name is not a stream blob's).
import type { BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import { isRestError } from '../azureErrors.js';
import type { StreamId } from '../eventStore.js';
import { parseIndex } from '../streamIndex.js';
import type { IndexDocument, IndexDocuments } from '../streamIndexes.js';
import { streamPrefix } from './streamBlobs.js';

export const INDEX_BLOB_NAME = 'index.json';

export function indexBlobName(stream: StreamId): string {
  return `${streamPrefix(stream)}${INDEX_BLOB_NAME}`;
}

export class BlobIndexDocuments implements IndexDocuments {
  constructor(private readonly container: ContainerClient) {}

  async read(stream: StreamId): Promise<IndexDocument | undefined> {
    try {
      const response = await this.blob(stream).download();
      const chunks: Buffer[] = [];
      for await (const chunk of response.readableStreamBody ?? [])
        chunks.push(Buffer.from(chunk as Uint8Array));
      return { checkpoints: parseIndex(Buffer.concat(chunks).toString('utf8')), etag: response.etag };
    } catch (error) {
      if (isRestError(error, 404)) return undefined;
      throw error;
    }
  }

  async write(
    stream: StreamId,
    text: string,
    etag: string | undefined,
  ): Promise<{ etag?: string } | 'conflict'> {
    try {
      const response = await this.blob(stream).upload(text, Buffer.byteLength(text), {
        conditions: etag === undefined ? { ifNoneMatch: '*' } : { ifMatch: etag },
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
      return { etag: response.etag };
    } catch (error) {
      if (isRestError(error, 412) || isRestError(error, 409)) return 'conflict';
      throw error;
    }
  }

  private blob(stream: StreamId): BlockBlobClient {
    return this.container.getBlockBlobClient(indexBlobName(stream));
  }
}
