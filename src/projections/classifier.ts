// A classifier decides whether an aggregate is in or out of a named group and keeps the group's member
// list as one global document. Deciding needs per-aggregate knowledge (e.g. an account's balance), so a
// classifier folds a per-aggregate *tracking* state (stored like a per-aggregate projection, key = aggregate
// id) and says, from that state alone, whether the aggregate is a member.
//
// The group document is `{ members: [sorted ids] }` with `positions` naming, per member, the tracking version
// its entry reflects. Non-members have no entry, so events that change nothing about membership cost no group
// write. The runner writes the tracking document first and then brings the group in line with it; a crash
// between the two is healed on redelivery, because the group is compared with the tracking document, not
// with the event (see groupSync.ts).

export interface GroupState {
  members: string[];
}

/** What the tracking document at `version` says about one aggregate. */
export interface Membership {
  aggregateId: string;
  version: number;
  member: boolean;
}

export interface Group {
  state: GroupState;
  positions: Record<string, number>;
}

export function emptyGroup(): Group {
  return { state: { members: [] }, positions: {} };
}

/**
 * The group with each membership applied, and the ids whose entry changed (none: nothing to write). An entry
 * recorded at a higher version than the membership's is newer and stays; entries are keyed by stream
 * (`aggregateType/aggregateId`) like every global document's positions.
 */
export function applyMemberships(
  group: Group,
  aggregateType: string,
  memberships: Iterable<Membership>,
): { group: Group; changed: string[] } {
  const positions = { ...group.positions };
  const members = new Set(group.state.members);
  const changed: string[] = [];
  for (const { aggregateId, version, member } of memberships) {
    const key = `${aggregateType}/${aggregateId}`;
    const recorded = positions[key];
    if (recorded !== undefined && recorded >= version && (member || recorded > version)) continue;
    if (member) {
      positions[key] = version;
      members.add(aggregateId);
    } else {
      if (recorded === undefined && !members.has(aggregateId)) continue;
      delete positions[key];
      members.delete(aggregateId);
    }
    changed.push(aggregateId);
  }
  return { group: { state: { members: [...members].sort() }, positions }, changed };
}
