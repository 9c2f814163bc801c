// Brings a classifier's group document in line with its tracking documents. The tracking document of an
// aggregate is always written before the group, so the group is only ever compared with tracking state:
// - an entry recorded at a higher version than the tracking state offered is newer and stays;
// - after a write, the tracking documents of the entries it changed are read again: if one moved on while
//   the group was being written (a concurrent runner found the group already agreeing with its newer state
//   and wrote nothing), the group is brought in line once more. So the last group write always reflects the
//   latest tracking state, whatever the interleaving of runners and rebuilds.

import { mapWithConcurrency } from '../shared/concurrency.js';
import { applyMemberships, emptyGroup, type GroupState, type Membership } from './classifier.js';
import { updateDocument } from './documentUpdate.js';
import { type ClassifierDefinition, GLOBAL_KEY, type ProjectionDocumentStore } from './projection.js';

export interface GroupSyncResult {
  writes: number;
}

export async function syncGroup(
  documents: ProjectionDocumentStore,
  classifier: ClassifierDefinition,
  memberships: readonly Membership[],
  now: () => string,
): Promise<GroupSyncResult> {
  const aggregateType = Object.keys(classifier.handles)[0] ?? '';
  let pending = [...memberships];
  let writes = 0;
  // At least one pass, so that the group document exists even before it has anyone to consider.
  do {
    let changed: string[] = [];
    const result = await updateDocument(documents, classifier.name, GLOBAL_KEY, async (current) => {
      const group = current
        ? { state: current.document.state as GroupState, positions: current.document.positions ?? {} }
        : emptyGroup();
      const applied = applyMemberships(group, aggregateType, pending);
      changed = applied.changed;
      // The group document exists from the first event on, even while it has no member.
      if (changed.length === 0 && current) return undefined;
      return {
        projection: classifier.name,
        key: GLOBAL_KEY,
        positions: applied.group.positions,
        updatedAt: now(),
        state: applied.group.state,
      };
    });
    if (!result.written) break;
    writes++;
    const offered = new Map(pending.map((membership) => [membership.aggregateId, membership.version]));
    const refreshed = await mapWithConcurrency(changed, 16, (id) =>
      readMembership(documents, classifier, id),
    );
    pending = refreshed.filter(
      (membership): membership is Membership =>
        membership !== undefined && membership.version > (offered.get(membership.aggregateId) ?? 0),
    );
  } while (pending.length > 0);
  return { writes };
}

/** What an aggregate's tracking document says now; undefined when it has none. */
export async function readMembership(
  documents: ProjectionDocumentStore,
  classifier: ClassifierDefinition,
  aggregateId: string,
): Promise<Membership | undefined> {
  const tracking = await documents.get(classifier.name, aggregateId);
  if (!tracking) return undefined;
  return membershipOf(classifier, aggregateId, tracking.document.asOfVersion ?? 0, tracking.document.state);
}

export function membershipOf(
  classifier: ClassifierDefinition,
  aggregateId: string,
  version: number,
  state: unknown,
): Membership {
  return { aggregateId, version, member: classifier.isMember(state) };
}
