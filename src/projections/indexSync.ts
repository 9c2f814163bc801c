// Keeps a list's or classifier's entry records in line with the tracking documents, without a document that
// grows with the number of aggregates. The tracking document (written first, with If-Match, like any
// per-aggregate document) is the truth; its `index` says where the aggregate's entry record belongs (`key`)
// and which keys it left lately (`left`). Bringing the records in line:
// - the record at `key` (which carries the tracking document's version) is written when it is missing or
//   reflects an earlier version, or the same version differently (a rebuild's fix); one reflecting a later
//   version stays (a newer writer got there first);
// - the records at `left` keys are deleted;
// - after any change, the tracking document is read again: if it moved on meanwhile (another runner applied a
//   later event and found the records already agreeing with it), the records are brought in line with it. So
//   whatever the interleaving, the last writer leaves the records as the latest tracking state says.
// A runner that stops between writing a record and reading the tracking document again (a crash) is healed
// by the redelivery of its message, which syncs again; the keys it could have written stay in `left` for
// LEFT_GRACE_IN_MS (far longer than a runner takes between the two), then are forgotten, so `left` stays tiny.
import { canonicalJson } from '../shared/canonicalJson.js';
import { isDocumentConflict } from '../stores/documents/documentStore.js';
import { entryOf } from './listEntries.js';
import type {
  IndexedDefinition,
  ProjectionDocument,
  ProjectionDocumentStore,
  StoredDocument,
} from './projection.js';

export const LEFT_GRACE_IN_MS = 10 * 60_000;

/** A tracking document about to be written, with its placement: its entry's key, and the key it leaves. */
export function placed(
  definition: IndexedDefinition,
  next: ProjectionDocument,
  previous: ProjectionDocument | undefined,
  now: string,
): ProjectionDocument {
  const key = entryOf(definition, next)?.key;
  const was = previous?.index;
  const left = (was?.left ?? []).filter((entry) => entry.key !== key);
  if (was?.key !== undefined && was.key !== key && !left.some((entry) => entry.key === was.key)) {
    left.push({ key: was.key, at: now });
  }
  const index = { ...(key === undefined ? {} : { key }), ...(left.length > 0 ? { left } : {}) };
  return { ...next, index };
}

export interface SyncResult {
  /** Entry records written or deleted. */
  writes: number;
}

/** Brings the entry records of one aggregate in line with its tracking document (see above). */
export async function syncIndex(
  documents: ProjectionDocumentStore,
  collection: string,
  definition: IndexedDefinition,
  aggregateId: string,
  now: () => string,
  /** The tracking document as just read or written, if the caller has it (saves a read). */
  known?: StoredDocument,
): Promise<SyncResult> {
  let tracking = known ?? (await documents.get(collection, aggregateId));
  let writes = 0;
  while (tracking) {
    const changed = await bringInLine(documents, collection, definition, tracking.document);
    writes += changed;
    if (changed === 0) break;
    const again = await documents.get(collection, aggregateId);
    const moved = (again?.document.asOfVersion ?? 0) > (tracking.document.asOfVersion ?? 0);
    tracking = again;
    if (!moved) break;
  }
  if (tracking) await forgetOldLeftKeys(documents, collection, tracking, now());
  return { writes };
}

async function bringInLine(
  documents: ProjectionDocumentStore,
  collection: string,
  definition: IndexedDefinition,
  tracking: ProjectionDocument,
): Promise<number> {
  const wanted = entryOf(definition, tracking);
  let changed = 0;
  if (wanted) {
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await documents.get(collection, wanted.key);
      const theirs = current?.document;
      if (theirs && (theirs.asOfVersion ?? 0) > (wanted.document.asOfVersion ?? 0)) break;
      if (theirs && theirs.asOfVersion === wanted.document.asOfVersion && same(theirs, wanted.document))
        break;
      try {
        await documents.put(collection, wanted.key, wanted.document, { etag: current?.etag });
        changed++;
        break;
      } catch (error) {
        if (!isDocumentConflict(error)) throw error;
      }
    }
  }
  for (const { key } of tracking.index?.left ?? []) {
    if (key !== wanted?.key && (await documents.delete(collection, key))) changed++;
  }
  return changed;
}

function same(a: ProjectionDocument, b: ProjectionDocument): boolean {
  return canonicalJson(a.state) === canonicalJson(b.state);
}

/** Drops `left` keys older than the grace period (their records were just deleted); a lost race is no harm. */
async function forgetOldLeftKeys(
  documents: ProjectionDocumentStore,
  collection: string,
  tracking: { document: ProjectionDocument; etag: string },
  now: string,
): Promise<void> {
  const left = tracking.document.index?.left ?? [];
  const cutoff = Date.parse(now) - LEFT_GRACE_IN_MS;
  const kept = left.filter((entry) => Date.parse(entry.at) > cutoff);
  if (kept.length === left.length) return;
  const { left: _, ...index } = tracking.document.index ?? {};
  const document = { ...tracking.document, index: kept.length > 0 ? { ...index, left: kept } : index };
  try {
    await documents.put(collection, tracking.document.key, document, { etag: tracking.etag });
  } catch (error) {
    if (!isDocumentConflict(error)) throw error;
  }
}
