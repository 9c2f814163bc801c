// JSON documents with ETags, the port the read side keeps its projection documents behind: one document per
// (collection, key), read with its ETag and replaced only if it is still the version that was read; listed by
// key prefix in pages, and deleted. Adapters: Blob (Azure), Local File, In-Memory. They store what they are
// given; the read side decides its shape.

export interface StoredDocument<D = unknown> {
  document: D;
  /** Opaque, quoted (`"…"`); changes with every write. */
  etag: string;
}

export interface WriteDocumentOptions {
  /** Replace only this version (If-Match); absent: create only if there is none (If-None-Match: *). */
  etag?: string;
}

export interface DeleteDocumentOptions {
  /** Delete only this version (If-Match); absent: whatever version there is. */
  etag?: string;
}

export interface ListDocumentsOptions {
  /** Only keys that start with this (default: every key of the collection). */
  prefix?: string;
  /** Where an earlier page stopped: its `continuationToken`, as returned. */
  continuationToken?: string;
  /** At most this many keys (default 100; at most MAX_LIST_LIMIT). */
  limit?: number;
}

export interface DocumentKeyPage {
  /** In ascending order of their document path (`{key}.json`, compared code unit by code unit). */
  keys: string[];
  /** Present when more keys may follow: pass it back for the next page. Opaque, adapter-specific. */
  continuationToken?: string;
}

/** The most keys one list call returns (Blob's own cap per request). */
export const MAX_LIST_LIMIT = 5000;

export interface DocumentStore<D = unknown> {
  /** Short name for messages, e.g. `blob`. */
  readonly name: string;
  get(collection: string, key: string): Promise<StoredDocument<D> | undefined>;
  /** Writes atomically and returns the new ETag; throws DocumentConflictError when the condition fails. */
  put(collection: string, key: string, document: D, options: WriteDocumentOptions): Promise<string>;
  /** One page of the collection's keys; a page may hold fewer than `limit` keys and still have a next one. */
  list(collection: string, options?: ListDocumentsOptions): Promise<DocumentKeyPage>;
  /**
   * Removes a document: true when one was removed, false when there was none; throws DocumentConflictError
   * when `etag` is given and the document is another version.
   */
  delete(collection: string, key: string, options?: DeleteDocumentOptions): Promise<boolean>;
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

/** `limit` within 1…MAX_LIST_LIMIT (default 100). */
export function listLimit(options: ListDocumentsOptions | undefined): number {
  return Math.max(1, Math.min(MAX_LIST_LIMIT, Math.floor(options?.limit ?? 100)));
}

/**
 * One page of `keys` (any order) for the stores that hold every key at hand (Local File, In-Memory): sorted as
 * the port promises, from after the key a continuation token names.
 */
export function pageOfKeys(
  keys: Iterable<string>,
  options: ListDocumentsOptions | undefined,
): DocumentKeyPage {
  const prefix = options?.prefix ?? '';
  const after =
    options?.continuationToken === undefined
      ? undefined
      : Buffer.from(options.continuationToken, 'base64url').toString('utf8');
  const sorted = [...keys]
    .filter((key) => key.startsWith(prefix) && (after === undefined || compareKeys(key, after) > 0))
    .sort(compareKeys);
  const limit = listLimit(options);
  const page = sorted.slice(0, limit);
  const last = page.at(-1);
  return sorted.length > limit && last !== undefined
    ? { keys: page, continuationToken: Buffer.from(last, 'utf8').toString('base64url') }
    : { keys: page };
}

/** The port's order: that of the document paths (`{key}.json`), as Blob lists them. */
export function compareKeys(a: string, b: string): number {
  const [x, y] = [`${a}.json`, `${b}.json`];
  return x < y ? -1 : x > y ? 1 : 0;
}
