// Publish intents: a durable note, written before a command's events are appended, that those events must
// reach the bus. The normal path removes it right after publishing; the sweeper publishes whatever intents
// outlive that (the process crashed, or the bus was down) — so no appended event is ever left unpublished.
import { withDeadline } from '../deadline.js';
import { markersWithDeadline, type StreamMarkerStore } from './streamMarkers.js';

export interface PublishIntent {
  id: string;
  aggregateType: string;
  aggregateId: string;
  /** The versions the command's events take if its append succeeds. */
  fromVersion: number;
  toVersion: number;
  createdAt: string;
}

export interface PublishIntentStore {
  record(intent: PublishIntent): Promise<void>;
  remove(intent: PublishIntent): Promise<void>;
  /** The intents created at or before `cutoff`, a page (of at most `pageSize`) at a time. */
  pagesCreatedBefore(cutoff: Date, pageSize: number): AsyncIterable<PublishIntent[]>;
  /** The standing stream markers kept beside the intents (Table, In-Memory); absent: every append needs an intent. */
  readonly markers?: StreamMarkerStore;
}

/** The first `limit` intents created at or before `cutoff`, e.g. to see what is left. */
export async function intentsCreatedBefore(
  store: PublishIntentStore,
  cutoff: Date,
  limit: number,
): Promise<PublishIntent[]> {
  const intents: PublishIntent[] = [];
  for await (const page of store.pagesCreatedBefore(cutoff, Math.min(limit, 1000))) {
    intents.push(...page.slice(0, limit - intents.length));
    if (intents.length >= limit) break;
  }
  return intents;
}

/** The store with a deadline on recording and removing (recording is on every command's path). */
export function intentsWithDeadline(intents: PublishIntentStore, deadlineInMs: number): PublishIntentStore {
  const what = 'The publish intent store';
  return {
    record: (intent) => withDeadline(what, deadlineInMs, () => intents.record(intent)),
    remove: (intent) => withDeadline(what, deadlineInMs, () => intents.remove(intent)),
    pagesCreatedBefore: (cutoff, pageSize) => intents.pagesCreatedBefore(cutoff, pageSize),
    ...(intents.markers && { markers: markersWithDeadline(intents.markers, deadlineInMs) }),
  };
}
