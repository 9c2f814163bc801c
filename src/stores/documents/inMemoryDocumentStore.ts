// Projection documents in memory, beside the In-Memory event store; ETags are a per-store write counter.
import {
  DocumentConflictError,
  type DocumentStore,
  documentPath,
  type StoredDocument,
  type WriteDocumentOptions,
} from './documentStore.js';

export class InMemoryDocumentStore<D = unknown> implements DocumentStore<D> {
  readonly name = 'in-memory';
  private readonly documents = new Map<string, { json: string; etag: string }>();
  private writes = 0;

  async get(collection: string, key: string): Promise<StoredDocument<D> | undefined> {
    const stored = this.documents.get(documentPath(collection, key));
    return stored && { document: JSON.parse(stored.json) as D, etag: stored.etag };
  }

  async put(collection: string, key: string, document: D, options: WriteDocumentOptions): Promise<string> {
    const path = documentPath(collection, key);
    if (this.documents.get(path)?.etag !== options.etag) {
      throw new DocumentConflictError(`${path} changed since it was read`);
    }
    const etag = `"${++this.writes}"`;
    this.documents.set(path, { json: JSON.stringify(document), etag });
    return etag;
  }
}
