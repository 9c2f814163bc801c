// Optimistic read-modify-write of one projection document: read it with its ETag, compute the next version,
// write it only if it is still the version read (If-Match / If-None-Match: *), and on a conflict read again
// and recompute. `next` returning undefined means "nothing to change": no write at all.
import { isDocumentConflict } from '../stores/documents/documentStore.js';
import type { ProjectionDocument, ProjectionDocumentStore, StoredDocument } from './projection.js';

export interface UpdateDocumentOptions {
  /** Conflicts tolerated before giving up (the message is then redelivered); default 100. */
  maxAttempts?: number;
}

export interface UpdateResult {
  written: boolean;
  /** The document as it now stands (the one written, or the current one when nothing changed). */
  stored: StoredDocument | undefined;
  /** Writes that lost a race and were recomputed. */
  conflicts: number;
}

export class TooManyConflictsError extends Error {
  override readonly name = 'TooManyConflictsError';
}

export async function updateDocument(
  documents: ProjectionDocumentStore,
  projection: string,
  key: string,
  next: (current: StoredDocument | undefined) => Promise<ProjectionDocument | undefined>,
  options: UpdateDocumentOptions = {},
): Promise<UpdateResult> {
  const maxAttempts = options.maxAttempts ?? 100;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const current = await documents.get(projection, key);
    const document = await next(current);
    if (document === undefined) return { written: false, stored: current, conflicts: attempt };
    try {
      const etag = await documents.put(projection, key, document, { etag: current?.etag });
      return { written: true, stored: { document, etag }, conflicts: attempt };
    } catch (error) {
      if (!isDocumentConflict(error)) throw error;
      // Spread the competing writers out a little more after every lost race.
      await sleep(Math.random() * Math.min(200, 2 ** attempt));
    }
  }
  throw new TooManyConflictsError(`${projection}/${key}: still conflicting after ${maxAttempts} attempts`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
