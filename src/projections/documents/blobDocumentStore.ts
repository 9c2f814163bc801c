// Projection documents as block blobs `{projection}/{key}.json` in a container (default `projections`),
// created on first use. A read is one GET (body and ETag together); a write is one PUT with If-Match, or
// If-None-Match: * for a new document, so two writers can never both replace the same version.
import type { ContainerClient } from '@azure/storage-blob';
import { isRestError } from '../../stores/azureErrors.js';
import type { ProjectionDocument } from '../projection.js';
import {
  DocumentConflictError,
  documentPath,
  type ProjectionDocumentStore,
  type StoredDocument,
  type WriteDocumentOptions,
} from './documentStore.js';

export class BlobDocumentStore implements ProjectionDocumentStore {
  readonly name = 'blob';
  private containerReady: Promise<unknown> | undefined;

  constructor(private readonly container: ContainerClient) {}

  async get(projection: string, key: string): Promise<StoredDocument | undefined> {
    try {
      const response = await this.blob(projection, key).download(0);
      const body = await readAll(response.readableStreamBody);
      return { document: JSON.parse(body) as ProjectionDocument, etag: response.etag ?? '' };
    } catch (error) {
      if (isRestError(error, 404)) return undefined;
      throw error;
    }
  }

  async put(
    projection: string,
    key: string,
    document: ProjectionDocument,
    options: WriteDocumentOptions,
  ): Promise<string> {
    const body = JSON.stringify(document);
    const upload = () =>
      this.blob(projection, key).upload(body, Buffer.byteLength(body), {
        blobHTTPHeaders: { blobContentType: 'application/json' },
        conditions: options.etag === undefined ? { ifNoneMatch: '*' } : { ifMatch: options.etag },
      });
    try {
      return (await upload()).etag ?? '';
    } catch (error) {
      if (isRestError(error, 404, 'ContainerNotFound')) {
        this.containerReady ??= this.container.createIfNotExists();
        await this.containerReady;
        return this.put(projection, key, document, options);
      }
      // 412 ConditionNotMet (If-Match) or 409 BlobAlreadyExists (If-None-Match: *).
      if (isRestError(error, 412) || isRestError(error, 409)) {
        throw new DocumentConflictError(`${documentPath(projection, key)} changed since it was read`);
      }
      throw error;
    }
  }

  private blob(projection: string, key: string) {
    return this.container.getBlockBlobClient(documentPath(projection, key));
  }
}

async function readAll(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  if (!stream) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
