// Projection documents in memory, beside the In-Memory event store; ETags are a per-store write counter.
import * as Port from './documentStore.js';

export class InMemoryDocumentStore<D = unknown> implements Port.DocumentStore<D> {
  readonly name = 'in-memory';
  /** Per collection, per key. */
  private readonly collections = new Map<string, Map<string, { json: string; etag: string }>>();
  private writes = 0;

  async get(collection: string, key: string): Promise<Port.StoredDocument<D> | undefined> {
    const stored = this.collections.get(collection)?.get(key);
    return stored && { document: JSON.parse(stored.json) as D, etag: stored.etag };
  }

  async put(
    collection: string,
    key: string,
    document: D,
    options: Port.WriteDocumentOptions,
  ): Promise<string> {
    const documents = this.collections.get(collection) ?? new Map();
    if (documents.get(key)?.etag !== options.etag) throw Port.changedSinceRead(collection, key);
    const etag = `"${++this.writes}"`;
    documents.set(key, { json: JSON.stringify(document), etag });
    this.collections.set(collection, documents);
    return etag;
  }

  async list(collection: string, options?: Port.ListDocumentsOptions): Promise<Port.DocumentKeyPage> {
    return Port.pageOfKeys(this.collections.get(collection)?.keys() ?? [], options);
  }

  async delete(collection: string, key: string, options: Port.DeleteDocumentOptions = {}): Promise<boolean> {
    const stored = this.collections.get(collection)?.get(key);
    if (options.etag !== undefined && stored?.etag !== options.etag) {
      throw Port.changedSinceRead(collection, key);
    }
    return this.collections.get(collection)?.delete(key) ?? false;
  }
}
