// Replays to a subscription as queue steps (POST /api/replays/{subscription}): the same work as `npm run replay`
// (replay.ts), cut into one work item per page of streams on the rebuild queue, so no invocation runs long and
// any instance can take the next page. Each step sends the page its checkpoint points at, writes the checkpoint
// under If-Match, then queues the next page (later, when the replay is throttled). The message id
// `replay:{subscription}:{startedAt}:{page}` lets the queue's duplicate detection drop a repeat, and a step whose
// page the checkpoint has already counted only queues the next one again: a redelivered step sends nothing twice.
import { z } from 'zod';
import { ReplayNotFoundError } from '../errors.js';
import { type Clock, systemClock } from '../shared/clock.js';
import { assertSubscriptionName } from '../shared/identifiers.js';
import { InvalidMessageError, parseJsonBody } from '../shared/jsonBody.js';
import { type DocumentStore, isDocumentConflict } from '../stores/documents/documentStore.js';
import {
  isResumable,
  newCheckpoint,
  REPLAYS_COLLECTION,
  type ReplayCheckpoint,
  type ReplayPageOptions,
  type ReplayScope,
  readCheckpoint,
  replayPage,
} from './replay.js';
import type { WorkItem } from './workQueue.js';

/** One step of a replay job: page `page` of the replay to `subscription` begun at `startedAt`. */
export const replayWorkSchema = z.object({
  kind: z.literal('replay-page'),
  subscription: z.string(),
  startedAt: z.string(),
  page: z.number().int().min(0),
});
export type ReplayWork = z.infer<typeof replayWorkSchema>;

export function isReplayWork(body: unknown): boolean {
  const parsed = parseJsonBody(body);
  return (
    typeof parsed === 'object' && parsed !== null && (parsed as { kind?: unknown }).kind === 'replay-page'
  );
}

export function replayWorkItem(work: ReplayWork): WorkItem<ReplayWork> {
  return { messageId: `replay:${work.subscription}:${work.startedAt}:${work.page}`, body: work };
}

export interface ReplayQueue {
  send(items: WorkItem<ReplayWork>[], options?: { delayInMs?: number }): Promise<void>;
}

export interface StartReplayOptions extends Omit<ReplayScope, 'subscription'> {
  eventsPerSecond?: number;
  /** Start over even if a replay of the same scope is under way. */
  restart?: boolean;
}

export interface ReplayJobsOptions extends ReplayPageOptions {
  checkpoints: DocumentStore;
  queue: ReplayQueue;
  clock?: Clock;
}

export class ReplayJobs {
  constructor(private readonly options: ReplayJobsOptions) {}

  /**
   * Starts a replay to `subscription`, or answers the unfinished one of the same scope (queueing its next step
   * again, which the duplicate detection drops if it is still on its way). Another scope, or `restart`, starts
   * over: the old replay's steps find a checkpoint begun at another time and stop.
   */
  async start(subscription: string, options: StartReplayOptions): Promise<ReplayCheckpoint> {
    assertSubscriptionName(subscription);
    const scope = { subscription, aggregateTypes: options.aggregateTypes, since: options.since };
    for (;;) {
      const stored = await readCheckpoint(this.options.checkpoints, subscription);
      if (!options.restart && stored && isResumable(stored.checkpoint, scope)) {
        await this.queueNext(stored.checkpoint);
        return stored.checkpoint;
      }
      const startedAt = (this.options.clock ?? systemClock)().toISOString();
      const checkpoint = newCheckpoint(scope, startedAt, options.eventsPerSecond);
      try {
        await this.options.checkpoints.put(REPLAYS_COLLECTION, subscription, checkpoint, {
          etag: stored?.etag,
        });
      } catch (error) {
        if (!isDocumentConflict(error)) throw error;
        options = { ...options, restart: false }; // another start won the race: answer that one
        continue;
      }
      await this.queueNext(checkpoint);
      return checkpoint;
    }
  }

  async get(subscription: string): Promise<ReplayCheckpoint> {
    assertSubscriptionName(subscription);
    const stored = await readCheckpoint(this.options.checkpoints, subscription);
    if (!stored) throw new ReplayNotFoundError(`There is no replay to ${JSON.stringify(subscription)}.`);
    return stored.checkpoint;
  }

  /** Carries out one step from the queue; throws to have it delivered again. */
  async work(body: unknown): Promise<void> {
    const parsed = replayWorkSchema.safeParse(parseJsonBody(body));
    if (!parsed.success) throw new InvalidMessageError('The message is not a replay step');
    const { subscription, startedAt, page } = parsed.data;
    for (;;) {
      const stored = await readCheckpoint(this.options.checkpoints, subscription);
      // Gone, restarted since, finished, or a page not yet due (nothing queues one): nothing to do.
      if (!stored || stored.checkpoint.startedAt !== startedAt || stored.checkpoint.finishedAt) return;
      const { checkpoint, etag } = stored;
      if (page > checkpoint.pages) return;
      if (page < checkpoint.pages) return this.queueNext(checkpoint); // delivered again: sent already
      const after = await replayPage(this.options, checkpoint);
      try {
        await this.options.checkpoints.put(REPLAYS_COLLECTION, subscription, after.checkpoint, { etag });
      } catch (error) {
        if (!isDocumentConflict(error)) throw error;
        continue; // another delivery of this step counted the page first
      }
      const rate = checkpoint.eventsPerSecond;
      return this.queueNext(after.checkpoint, rate ? Math.ceil((after.sent / rate) * 1000) : 0);
    }
  }

  /** Queues the step of the page an unfinished checkpoint points at. */
  private async queueNext(checkpoint: ReplayCheckpoint, delayInMs = 0): Promise<void> {
    if (checkpoint.finishedAt !== undefined) return;
    const { subscription, startedAt, pages: page } = checkpoint;
    const item = replayWorkItem({ kind: 'replay-page', subscription, startedAt, page });
    await this.options.queue.send([item], delayInMs > 0 ? { delayInMs } : {});
  }
}
