// Replays the stored history to one subscription of the events topic, for a subscriber that arrives late: every
// stream of the chosen aggregate types, page by page of streams, each stream's events in version order, sent as
// the same messages as when they were first published (same envelope, same `messageId`, so the subscriber
// deduplicates as usual) plus `replayTarget` naming the subscription, which every subscription's rule uses to
// let only its own replays in (eventMessage.ts). A checkpoint after every page (`$replays/{subscription}` in the
// read side's document store) lets an interrupted replay resume where it stopped; a page sent again after a
// crash is at worst a duplicate. Throttled to `eventsPerSecond`, one page in memory at a time.
import { mapWithConcurrency } from '../shared/concurrency.js';
import type { DocumentStore } from '../stores/documents/documentStore.js';
import type { EventEnvelope, EventStore } from '../stores/eventStore.js';
import type { EventPublisher } from './publisher.js';

export const REPLAYS_COLLECTION = '$replays';

export interface ReplayCheckpoint {
  subscription: string;
  aggregateTypes: string[];
  since?: string;
  /** Where the next page starts: the index of the aggregate type, and its listing's continuation token. */
  typeIndex: number;
  continuationToken?: string;
  streams: number;
  events: number;
  startedAt: string;
  finishedAt?: string;
}

export interface ReplayHistoryOptions {
  storeFor(aggregateType: string): EventStore;
  publisher: Pick<EventPublisher, 'publish'>;
  checkpoints: DocumentStore;
  subscription: string;
  aggregateTypes: string[];
  /** Only events that occurred at or after this instant (ISO 8601). */
  since?: string;
  /** Ignore a checkpoint and start from the beginning. */
  restart?: boolean;
  /** At most this many events a second (default: as fast as the bus takes them). */
  eventsPerSecond?: number;
  /** Streams per page (default 100) and read at once (default 8). */
  pageSize?: number;
  concurrency?: number;
  /** Stops after the page under way (the checkpoint is kept: run again to resume). */
  signal?: AbortSignal;
  onProgress?(checkpoint: ReplayCheckpoint): void;
}

export async function replayHistory(options: ReplayHistoryOptions): Promise<ReplayCheckpoint> {
  const { checkpoints, subscription } = options;
  const stored = await checkpoints.get(REPLAYS_COLLECTION, subscription);
  let etag = stored?.etag;
  const previous = stored?.document as ReplayCheckpoint | undefined;
  const resumable =
    !options.restart &&
    previous !== undefined &&
    previous.finishedAt === undefined &&
    previous.since === options.since &&
    previous.aggregateTypes.join() === options.aggregateTypes.join();
  let checkpoint: ReplayCheckpoint = resumable
    ? previous
    : {
        subscription,
        aggregateTypes: options.aggregateTypes,
        ...(options.since === undefined ? {} : { since: options.since }),
        typeIndex: 0,
        streams: 0,
        events: 0,
        startedAt: new Date().toISOString(),
      };
  const started = performance.now();
  const sentBefore = checkpoint.events;
  const since = options.since === undefined ? undefined : Date.parse(options.since);
  while (checkpoint.typeIndex < checkpoint.aggregateTypes.length && !options.signal?.aborted) {
    const aggregateType = checkpoint.aggregateTypes[checkpoint.typeIndex] as string;
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
    const next = page.continuationToken;
    checkpoint = {
      ...checkpoint,
      typeIndex: next === undefined ? checkpoint.typeIndex + 1 : checkpoint.typeIndex,
      streams: checkpoint.streams + page.aggregateIds.length,
      events: checkpoint.events + sent,
    };
    if (next === undefined) delete checkpoint.continuationToken;
    else checkpoint.continuationToken = next;
    if (checkpoint.typeIndex >= checkpoint.aggregateTypes.length)
      checkpoint.finishedAt = new Date().toISOString();
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
