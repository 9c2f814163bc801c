// Projection documents in memory, beside the In-Memory event store; ETags are a per-store write counter.
import * as Port from './documentStore.js';

export class InMemoryDocumentStore<D = unknown> implements Port.DocumentStore<D> {
  readonly name = 'in-memory';
  private readonly documents = new Map<string, { json: string; etag: string }>();
  private writes = 0;

  async get(collection: string, key: string): Promise<Port.StoredDocument<D> | undefined> {
    const stored = this.documents.get(Port.documentPath(collection, key));
    return stored && { document: JSON.parse(stored.json) as D, etag: stored.etag };
  }

  async put(
    collection: string,
    key: string,
    document: D,
    options: Port.WriteDocumentOptions,
  ): Promise<string> {
    const path = Port.documentPath(collection, key);
    if (this.documents.get(path)?.etag !== options.etag) {
      throw Port.changedSinceRead(collection, key);
    }
    const etag = `"${++this.writes}"`;
    this.documents.set(path, { json: JSON.stringify(document), etag });
    return etag;
  }
}
