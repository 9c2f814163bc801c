// Documents as block blobs `{collection}/{key}.json` in a container (the read side's: default `projections`),
// created on first use. A read is one GET (body and ETag together); a write is one PUT with If-Match, or
// If-None-Match: * for a new document, so two writers can never both replace the same version. Listing is
// List Blobs with the collection's prefix (names come back in order, a page per request, its marker the
// continuation token); a delete is one DELETE, with If-Match when asked.
import type { ContainerClient } from '@azure/storage-blob';
import { isRestError } from '../azureErrors.js';
import * as Port from './documentStore.js';

export class BlobDocumentStore<D = unknown> implements Port.DocumentStore<D> {
  readonly name = 'blob';
  private containerReady: Promise<unknown> | undefined;

  constructor(private readonly container: ContainerClient) {}

  async get(collection: string, key: string): Promise<Port.StoredDocument<D> | undefined> {
    try {
      const response = await this.blob(collection, key).download(0);
      const body = await readAll(response.readableStreamBody);
      return { document: JSON.parse(body) as D, etag: response.etag ?? '' };
    } catch (error) {
      if (isRestError(error, 404)) return undefined;
      throw error;
    }
  }

  async put(
    collection: string,
    key: string,
    document: D,
    options: Port.WriteDocumentOptions,
  ): Promise<string> {
    const body = JSON.stringify(document);
    const upload = () =>
      this.blob(collection, key).upload(body, Buffer.byteLength(body), {
        blobHTTPHeaders: { blobContentType: 'application/json' },
        conditions: options.etag === undefined ? { ifNoneMatch: '*' } : { ifMatch: options.etag },
      });
    try {
      return (await upload()).etag ?? '';
    } catch (error) {
      if (isRestError(error, 404, 'ContainerNotFound')) {
        this.containerReady ??= this.container.createIfNotExists();
        await this.containerReady;
        return this.put(collection, key, document, options);
      }
      // 412 ConditionNotMet (If-Match) or 409 BlobAlreadyExists (If-None-Match: *).
      if (isRestError(error, 412) || isRestError(error, 409)) {
        throw Port.changedSinceRead(collection, key);
      }
      throw error;
    }
  }

  async list(collection: string, options?: Port.ListDocumentsOptions): Promise<Port.DocumentKeyPage> {
    const folder = `${collection}/`;
    const pages = this.container
      .listBlobsFlat({ prefix: `${folder}${options?.prefix ?? ''}` })
      .byPage({ maxPageSize: Port.listLimit(options), continuationToken: options?.continuationToken });
    try {
      const { value: page } = await pages.next();
      if (!page) return { keys: [] };
      const names: string[] = page.segment.blobItems.map((item: { name: string }) => item.name);
      const keys = names
        .filter((name) => name.endsWith('.json'))
        .map((name) => name.slice(folder.length, -'.json'.length));
      return page.continuationToken ? { keys, continuationToken: page.continuationToken } : { keys };
    } catch (error) {
      if (isRestError(error, 404, 'ContainerNotFound')) return { keys: [] };
      throw error;
    }
  }

  async delete(collection: string, key: string, options: Port.DeleteDocumentOptions = {}): Promise<boolean> {
    try {
      await this.blob(collection, key).delete({
        conditions: options.etag === undefined ? {} : { ifMatch: options.etag },
      });
      return true;
    } catch (error) {
      if (isRestError(error, 412)) throw Port.changedSinceRead(collection, key);
      if (isRestError(error, 404)) {
        if (options.etag !== undefined) throw Port.changedSinceRead(collection, key);
        return false;
      }
      throw error;
    }
  }

  private blob(collection: string, key: string) {
    return this.container.getBlockBlobClient(Port.documentPath(collection, key));
  }
}

async function readAll(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  if (!stream) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
