// Projection documents in memory, beside the In-Memory event store; ETags are a per-store write counter.
import type { ProjectionDocument } from '../projection.js';
import {
  DocumentConflictError,
  documentPath,
  type ProjectionDocumentStore,
  type StoredDocument,
  type WriteDocumentOptions,
} from './documentStore.js';

export class InMemoryDocumentStore implements ProjectionDocumentStore {
  readonly name = 'in-memory';
  private readonly documents = new Map<string, { json: string; etag: string }>();
  private writes = 0;

  async get(projection: string, key: string): Promise<StoredDocument | undefined> {
    const stored = this.documents.get(documentPath(projection, key));
    return stored && { document: JSON.parse(stored.json) as ProjectionDocument, etag: stored.etag };
  }

  async put(
    projection: string,
    key: string,
    document: ProjectionDocument,
    options: WriteDocumentOptions,
  ): Promise<string> {
    const path = documentPath(projection, key);
    if (this.documents.get(path)?.etag !== options.etag) {
      throw new DocumentConflictError(`${path} changed since it was read`);
    }
    const etag = `"${++this.writes}"`;
    this.documents.set(path, { json: JSON.stringify(document), etag });
    return etag;
  }
}
