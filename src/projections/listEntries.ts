// What an aggregate contributes to a list view or a classifier's group: at most one entry, kept as a record of
// its own under ENTRY_PREFIX, keyed so that listing the records in key order lists the view in its order:
// - a list: `$entry/{sortKey}/{aggregateId}`, the record's state the definition's entry;
// - a classifier: `$entry/{aggregateId}` while the aggregate is a member, the record's state `{id}`.
// `$` never starts an aggregate id, so records never collide with the tracking documents beside them.
import type { IndexedDefinition, ProjectionDocument } from './projection.js';

export const ENTRY_PREFIX = '$entry/';

/** The record an aggregate's tracking document implies (its key and content), or undefined for none. */
export function entryOf(
  definition: IndexedDefinition,
  tracking: ProjectionDocument,
): { key: string; document: ProjectionDocument } | undefined {
  const aggregateId = tracking.key;
  let key: string;
  let state: unknown;
  if (definition.kind === 'classifier') {
    if (!definition.isMember(tracking.state)) return undefined;
    key = `${ENTRY_PREFIX}${aggregateId}`;
    state = { id: aggregateId };
  } else {
    state = definition.entry(tracking.state, aggregateId);
    if (state === undefined) return undefined;
    key = `${ENTRY_PREFIX}${definition.sortKey(state, aggregateId)}/${aggregateId}`;
  }
  const document: ProjectionDocument = {
    projection: definition.name,
    key,
    aggregateId,
    asOfVersion: tracking.asOfVersion ?? 0,
    updatedAt: tracking.updatedAt,
    state,
  };
  return { key, document };
}

/** What a list page shows of an entry record: the list's entry, or the member's id. */
export function itemOf(definition: IndexedDefinition, record: ProjectionDocument): unknown {
  return definition.kind === 'classifier' ? record.aggregateId : record.state;
}
