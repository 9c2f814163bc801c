// JSON documents with ETags, the port the read side keeps its projection documents behind: one document per
// (collection, key), read with its ETag and replaced only if it is still the version that was read.
// Adapters: Blob (Azure), Local File, In-Memory. They store what they are given; the read side decides its shape.

export interface StoredDocument<D = unknown> {
  document: D;
  /** Opaque, quoted (`"…"`); changes with every write. */
  etag: string;
}

export interface WriteDocumentOptions {
  /** Replace only this version (If-Match); absent: create only if there is none (If-None-Match: *). */
  etag?: string;
}

export interface DocumentStore<D = unknown> {
  /** Short name for messages, e.g. `blob`. */
  readonly name: string;
  get(collection: string, key: string): Promise<StoredDocument<D> | undefined>;
  /** Writes atomically and returns the new ETag; throws DocumentConflictError when the condition fails. */
  put(collection: string, key: string, document: D, options: WriteDocumentOptions): Promise<string>;
}

/** The document changed (or appeared) since it was read: reload and try again. */
export class DocumentConflictError extends Error {
  override readonly name = 'DocumentConflictError';
}

/** The conflict a write reports when the document is no longer the version it was read at. */
export function changedSinceRead(collection: string, key: string): DocumentConflictError {
  return new DocumentConflictError(`${documentPath(collection, key)} changed since it was read`);
}

export function isDocumentConflict(error: unknown): error is DocumentConflictError {
  return error instanceof DocumentConflictError;
}

/** `{collection}/{key}.json`, e.g. the contract's `{projection}/{key}.json` (keys are validated before). */
export function documentPath(collection: string, key: string): string {
  return `${collection}/${key}.json`;
}
