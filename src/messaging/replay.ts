// Replays the stored history to one subscription of the events topic, for a subscriber that arrives late: every
// stream of the chosen aggregate types, page by page of streams, each stream's events in version order, sent as
// the same messages as when they were first published (same envelope, same `messageId`, so the subscriber
// deduplicates as usual) plus `replayTarget` naming the subscription, which every subscription's rule uses to
// let only its own replays in (eventMessage.ts). A checkpoint after every page (`$replays/{subscription}` in the
// read side's document store) lets an interrupted replay resume where it stopped; a page sent again after a
// crash is at worst a duplicate. `replayPage` sends one page from a checkpoint: `replayHistory` (npm run replay)
// loops over it in this process, the replay jobs (replayJobs.ts, the admin route) one queue step per page.
import { mapWithConcurrency } from '../shared/concurrency.js';
import type { DocumentStore } from '../stores/documents/documentStore.js';
import type { EventEnvelope, EventStore } from '../stores/eventStore.js';
import type { EventPublisher } from './publisher.js';

export const REPLAYS_COLLECTION = '$replays';

export interface ReplayCheckpoint {
  subscription: string;
  aggregateTypes: string[];
  since?: string;
  /** The throttle a replay job keeps between its steps (events a second). */
  eventsPerSecond?: number;
  /** Where the next page starts: the index of the aggregate type, and its listing's continuation token. */
  typeIndex: number;
  continuationToken?: string;
  streams: number;
  events: number;
  /** Pages sent so far: the number of the next one. */
  pages: number;
  startedAt: string;
  finishedAt?: string;
}

/** What a replay is of: the subscription, and which events. */
export interface ReplayScope {
  subscription: string;
  aggregateTypes: string[];
  /** Only events that occurred at or after this instant (ISO 8601). */
  since?: string;
}

export interface ReplayPageOptions {
  storeFor(aggregateType: string): EventStore;
  publisher: Pick<EventPublisher, 'publish'>;
  /** Streams per page (default 100) and read at once (default 8). */
  pageSize?: number;
  concurrency?: number;
}

export interface ReplayHistoryOptions extends ReplayPageOptions, ReplayScope {
  checkpoints: DocumentStore;
  /** Ignore a checkpoint and start from the beginning. */
  restart?: boolean;
  /** At most this many events a second (default: as fast as the bus takes them). */
  eventsPerSecond?: number;
  /** Stops after the page under way (the checkpoint is kept: run again to resume). */
  signal?: AbortSignal;
  onProgress?(checkpoint: ReplayCheckpoint): void;
}

/** The stored checkpoint of the replay to `subscription`, with its ETag. */
export async function readCheckpoint(
  checkpoints: DocumentStore,
  subscription: string,
): Promise<{ checkpoint: ReplayCheckpoint; etag: string } | undefined> {
  const stored = await checkpoints.get(REPLAYS_COLLECTION, subscription);
  if (!stored) return undefined;
  const checkpoint = stored.document as ReplayCheckpoint;
  // Checkpoints written before pages were counted resume as if from their first page count.
  return { checkpoint: { ...checkpoint, pages: checkpoint.pages ?? 0 }, etag: stored.etag };
}

/** An unfinished replay of the same scope, which a new one with that scope resumes. */
export function isResumable(checkpoint: ReplayCheckpoint | undefined, scope: ReplayScope): boolean {
  return (
    checkpoint !== undefined &&
    checkpoint.finishedAt === undefined &&
    checkpoint.since === scope.since &&
    checkpoint.aggregateTypes.join() === scope.aggregateTypes.join()
  );
}

export function newCheckpoint(scope: ReplayScope, startedAt: string, eventsPerSecond?: number) {
  const checkpoint: ReplayCheckpoint = {
    subscription: scope.subscription,
    aggregateTypes: scope.aggregateTypes,
    ...(scope.since === undefined ? {} : { since: scope.since }),
    ...(eventsPerSecond === undefined ? {} : { eventsPerSecond }),
    typeIndex: 0,
    streams: 0,
    events: 0,
    pages: 0,
    startedAt,
  };
  // Nothing to replay (no aggregate types asked for) finishes at once.
  return checkpoint.aggregateTypes.length === 0 ? { ...checkpoint, finishedAt: startedAt } : checkpoint;
}

/**
 * Sends the page of streams an unfinished `checkpoint` points at and answers the checkpoint after it (not
 * stored: the caller writes it) and how many events went out.
 */
export async function replayPage(
  options: ReplayPageOptions,
  checkpoint: ReplayCheckpoint,
): Promise<{ checkpoint: ReplayCheckpoint; sent: number }> {
  const { subscription } = checkpoint;
  const aggregateType = checkpoint.aggregateTypes[checkpoint.typeIndex];
  if (aggregateType === undefined) throw new Error(`The replay to ${subscription} has finished`);
  const since = checkpoint.since === undefined ? undefined : Date.parse(checkpoint.since);
  const store = options.storeFor(aggregateType);
  const page = await store.listStreams(aggregateType, {
    continuationToken: checkpoint.continuationToken,
    pageSize: options.pageSize ?? 100,
  });
  const counts = await mapWithConcurrency(
    page.aggregateIds,
    options.concurrency ?? 8,
    async (aggregateId) => {
      const { events } = await store.readStream({ aggregateType, aggregateId });
      const wanted = events.filter(
        (event: EventEnvelope) => since === undefined || Date.parse(event.occurredAt) >= since,
      );
      await options.publisher.publish(wanted, { replayTarget: subscription });
      return wanted.length;
    },
  );
  const sent = counts.reduce((sum, count) => sum + count, 0);
  const { continuationToken: _previous, ...rest } = checkpoint;
  const next = page.continuationToken;
  const after: ReplayCheckpoint = {
    ...rest,
    ...(next === undefined ? {} : { continuationToken: next }),
    typeIndex: next === undefined ? checkpoint.typeIndex + 1 : checkpoint.typeIndex,
    streams: checkpoint.streams + page.aggregateIds.length,
    events: checkpoint.events + sent,
    pages: checkpoint.pages + 1,
  };
  if (after.typeIndex >= after.aggregateTypes.length) after.finishedAt = new Date().toISOString();
  return { checkpoint: after, sent };
}

/** Replays in this process, page after page, from the checkpoint (or the start), throttled. */
export async function replayHistory(options: ReplayHistoryOptions): Promise<ReplayCheckpoint> {
  const { checkpoints, subscription } = options;
  const stored = await readCheckpoint(checkpoints, subscription);
  let etag = stored?.etag;
  let checkpoint =
    !options.restart && stored && isResumable(stored.checkpoint, options)
      ? stored.checkpoint
      : newCheckpoint(options, new Date().toISOString());
  if (checkpoint.finishedAt !== undefined) {
    await checkpoints.put(REPLAYS_COLLECTION, subscription, checkpoint, { etag });
    return checkpoint;
  }
  const started = performance.now();
  const sentBefore = checkpoint.events;
  while (checkpoint.finishedAt === undefined && !options.signal?.aborted) {
    ({ checkpoint } = await replayPage(options, checkpoint));
    etag = await checkpoints.put(REPLAYS_COLLECTION, subscription, checkpoint, { etag });
    options.onProgress?.(checkpoint);
    await throttle(checkpoint.events - sentBefore, started, options.eventsPerSecond);
  }
  return checkpoint;
}

/** Waits until `sent` events are no more than the rate allows since `started`. */
async function throttle(sent: number, started: number, eventsPerSecond?: number): Promise<void> {
  if (!eventsPerSecond) return;
  const due = started + (sent / eventsPerSecond) * 1000 - performance.now();
  if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
}
