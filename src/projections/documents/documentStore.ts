// Where projection documents live: one JSON document per (projection, key), read with its ETag and replaced
// only if it is still the version that was read. Adapters: Blob (Azure), Local File, In-Memory.
import type { ProjectionDocument } from '../projection.js';

export interface StoredDocument {
  document: ProjectionDocument;
  /** Opaque, quoted (`"…"`); changes with every write. */
  etag: string;
}

export interface WriteDocumentOptions {
  /** Replace only this version (If-Match); absent: create only if there is none (If-None-Match: *). */
  etag?: string;
}

export interface ProjectionDocumentStore {
  /** Short name for messages, e.g. `blob`. */
  readonly name: string;
  get(projection: string, key: string): Promise<StoredDocument | undefined>;
  /** Writes atomically and returns the new ETag; throws DocumentConflictError when the condition fails. */
  put(
    projection: string,
    key: string,
    document: ProjectionDocument,
    options: WriteDocumentOptions,
  ): Promise<string>;
}

/** The document changed (or appeared) since it was read: reload and try again. */
export class DocumentConflictError extends Error {
  override readonly name = 'DocumentConflictError';
}

export function isDocumentConflict(error: unknown): error is DocumentConflictError {
  return error instanceof DocumentConflictError;
}

/** `{projection}/{key}.json`, the contract's blob name (keys are validated before they get here). */
export function documentPath(projection: string, key: string): string {
  return `${projection}/${key}.json`;
}
