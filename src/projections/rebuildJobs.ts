// Rebuilds as distributed, resumable, blue-green jobs. Starting one points the projection's next generation
// out to every writer (generations.ts) and queues its first step; from then on each step is a work item on a
// queue, so any number of instances share the job and none works long:
// 1. list: one page of the aggregate type's streams; queues their replay and the next page (settle time after
//    the start, so every runner already writes the new generation too);
// 2. replay: brings each stream's document in the new generation up to the stream's head (catch-up from
//    whatever a runner already wrote there), with its entry record for lists and classifiers; the last page
//    done queues the switch;
// 3. switch: readers move to the new generation (the old one is still kept up to date for a settle time);
// 4. retire: writers forget the old generation; after another settle time
// 5. purge: its documents are deleted, a page at a time.
// Progress lives in the job record (rebuildJob.ts), changed idempotently, so a crash anywhere loses nothing:
// the queue delivers the interrupted step again. Memory per step is one page, whatever the number of streams.
import { randomUUID } from 'node:crypto';
import { ProjectionNotFoundError, RebuildJobNotFoundError } from '../errors.js';
import { type Clock, systemClock } from '../shared/clock.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import { assertProjectionName } from '../shared/identifiers.js';
import { InvalidMessageError, parseJsonBody } from '../shared/jsonBody.js';
import { type Generations, generationCollection } from './generations.js';
import type { ProjectionDefinition, ProjectionDocumentStore } from './projection.js';
import type { ProjectionEvents } from './projectionEvents.js';
import * as Job from './rebuildJob.js';
import { replayStreams } from './replayStreams.js';

export interface RebuildJobsOptions {
  definitions: readonly ProjectionDefinition[];
  documents: ProjectionDocumentStore;
  events: ProjectionEvents;
  generations: Generations;
  queue: Job.RebuildQueue;
  /** Longer than any process caches the generation pointer (RebuildSettleInMs). */
  settleInMs: number;
  /** Streams per replay item (default 100) and documents per purge item (default 500). */
  pageSize?: number;
  purgePageSize?: number;
  /** Streams of one page replayed at once (default 8). */
  concurrency?: number;
  clock?: Clock;
}

export class RebuildJobs {
  private readonly now: () => string;

  constructor(private readonly options: RebuildJobsOptions) {
    const clock = options.clock ?? systemClock;
    this.now = () => clock().toISOString();
  }

  /** Starts a rebuild of `projection`, or answers the one already running (sending its first step again). */
  async start(projection: string): Promise<Job.RebuildJob> {
    const definition = this.definition(projection);
    const { documents, generations } = this.options;
    const { pointer } = await generations.read(projection);
    if (pointer.job) {
      const running = await Job.readJob(documents, projection, pointer.job);
      if (running?.phase === 'starting') await this.send([this.firstStep(running)], this.options.settleInMs);
      if (running) return running;
    }
    const generation = Math.max(pointer.last, pointer.live, pointer.next ?? 0) + 1;
    const job: Job.RebuildJob = {
      id: randomUUID(),
      projection,
      aggregateType: Object.keys(definition.handles)[0] ?? '',
      generation,
      previous: pointer.live,
      phase: 'starting',
      startedAt: this.now(),
      streams: { listed: 0, done: 0 },
      events: 0,
      skippedCount: 0,
      skipped: [],
      pages: { listed: 0, listingDone: false, done: '' },
      purged: { pages: 0, documents: 0 },
    };
    await Job.createJob(documents, job);
    const after = await generations.update(projection, (current) =>
      current.job
        ? undefined
        : { ...current, phase: 'building', next: generation, job: job.id, last: generation },
    );
    if (after.job !== job.id) return this.start(projection); // another start won the race: answer that one
    await this.send([this.firstStep(job)], this.options.settleInMs);
    return job;
  }

  async get(projection: string, id: string): Promise<Job.RebuildJob> {
    this.definition(projection);
    const job = /^[0-9a-f-]{36}$/.test(id)
      ? await Job.readJob(this.options.documents, projection, id)
      : undefined;
    if (!job)
      throw new RebuildJobNotFoundError(
        `${projection} has no rebuild job ${JSON.stringify(id.slice(0, 64))}.`,
      );
    return job;
  }

  /** Carries out one work item from the queue; throws to have it delivered again. */
  async work(body: unknown): Promise<void> {
    const parsed = Job.rebuildWorkSchema.safeParse(parseJsonBody(body));
    if (!parsed.success) throw new InvalidMessageError('The message is not a rebuild work item');
    const work = parsed.data;
    const definition = this.definition(work.projection);
    const job = await Job.readJob(this.options.documents, work.projection, work.job);
    if (!job || job.phase === 'finished') return; // a job long gone: nothing to do
    switch (work.kind) {
      case 'list':
        return this.list(job, work.page, work.token);
      case 'replay':
        return this.replay(definition, job, work.page, work.ids);
      case 'switch':
        return this.switchOver(job);
      case 'retire':
        return this.retire(job);
      case 'purge':
        return this.purge(job, work.page);
    }
  }

  private async list(job: Job.RebuildJob, page: number, token?: string): Promise<void> {
    const listed = await this.options.events.listStreamsPage(
      job.aggregateType,
      token,
      this.options.pageSize ?? 100,
    );
    const next = listed.continuationToken;
    const base = { projection: job.projection, job: job.id };
    // The record first, then the next steps: the next page's listing can only run after this page is counted,
    // whichever worker takes it. A step delivered again finds its page counted and only sends its steps again
    // (the queue drops a repeat within its duplicate-detection window; a later repeat changes nothing).
    const after = await this.change(job, (current) => {
      if (current.pages.listed !== page) return undefined;
      const pages = { ...current.pages, listed: page + 1, listingDone: next === undefined };
      const streams = { ...current.streams, listed: current.streams.listed + listed.aggregateIds.length };
      return {
        ...current,
        phase: current.phase === 'starting' ? 'replaying' : current.phase,
        pages,
        streams,
      };
    });
    await this.send([
      { ...base, kind: 'replay', page, ids: listed.aggregateIds },
      ...(next ? [{ ...base, kind: 'list' as const, page: page + 1, token: next }] : []),
    ]);
    await this.switchWhenComplete(after);
  }

  private async replay(definition: ProjectionDefinition, job: Job.RebuildJob, page: number, ids: string[]) {
    const collection = generationCollection(job.projection, job.generation);
    const { events, skipped } = await replayStreams(
      { ...this.options, now: this.now },
      definition,
      collection,
      ids.map((aggregateId) => ({ aggregateType: job.aggregateType, aggregateId })),
    );
    const after = await this.change(job, (current) => {
      if (Job.hasPage(current.pages.done, page)) return undefined;
      return {
        ...current,
        streams: { ...current.streams, done: current.streams.done + ids.length },
        events: current.events + events,
        skippedCount: current.skippedCount + skipped.length,
        skipped: [...current.skipped, ...skipped].slice(0, Job.SKIPPED_SHOWN),
        pages: { ...current.pages, done: Job.withPage(current.pages.done, page) },
      };
    });
    await this.switchWhenComplete(after);
  }

  private async switchWhenComplete(job: Job.RebuildJob): Promise<void> {
    if (job.phase === 'replaying' && Job.replayComplete(job)) {
      await this.send([{ kind: 'switch', projection: job.projection, job: job.id }]);
    }
  }

  private async switchOver(job: Job.RebuildJob): Promise<void> {
    await this.options.generations.update(job.projection, (pointer) =>
      pointer.job === job.id && pointer.phase === 'building'
        ? { live: job.generation, phase: 'retiring', retired: pointer.live, job: job.id, last: pointer.last }
        : undefined,
    );
    await this.change(job, (current) =>
      current.phase === 'replaying' || current.phase === 'switching'
        ? { ...current, phase: 'retiring', switchedAt: this.now() }
        : undefined,
    );
    await this.send([{ kind: 'retire', projection: job.projection, job: job.id }], this.options.settleInMs);
  }

  private async retire(job: Job.RebuildJob): Promise<void> {
    await this.options.generations.update(job.projection, (pointer) =>
      pointer.job === job.id && pointer.phase === 'retiring'
        ? { live: pointer.live, phase: 'idle', last: pointer.last }
        : undefined,
    );
    await this.change(job, (current) =>
      current.phase === 'retiring' ? { ...current, phase: 'purging' } : undefined,
    );
    // Once more the settle time: a process that read the pointer just before may still write the old one.
    await this.send(
      [{ kind: 'purge', projection: job.projection, job: job.id, page: 0 }],
      this.options.settleInMs,
    );
  }

  private async purge(job: Job.RebuildJob, page: number): Promise<void> {
    const { documents } = this.options;
    const collection = generationCollection(job.projection, job.previous);
    const limit = this.options.purgePageSize ?? 500;
    // From the start each time: what was deleted is no longer listed.
    const { keys } = await documents.list(collection, { limit });
    const deleted = await mapWithConcurrency(keys, 16, (key) => documents.delete(collection, key));
    const more = keys.length === limit;
    // Counted before the next page is sent, as a listing page is (list above).
    await this.change(job, (current) => {
      if (current.purged.pages !== page) return undefined;
      const purged = {
        pages: page + 1,
        documents: current.purged.documents + deleted.filter(Boolean).length,
      };
      return more
        ? { ...current, purged }
        : { ...current, purged, phase: 'finished', finishedAt: this.now() };
    });
    if (more) await this.send([{ kind: 'purge', projection: job.projection, job: job.id, page: page + 1 }]);
  }

  private firstStep(job: Job.RebuildJob): Job.RebuildWork {
    return { kind: 'list', projection: job.projection, job: job.id, page: 0 };
  }

  private change(job: Job.RebuildJob, change: (job: Job.RebuildJob) => Job.RebuildJob | undefined) {
    return Job.updateJob(this.options.documents, job.projection, job.id, change);
  }

  private send(works: Job.RebuildWork[], delayInMs?: number): Promise<void> {
    return this.options.queue.send(works.map(Job.workItem), delayInMs ? { delayInMs } : {});
  }

  private definition(projection: string): ProjectionDefinition {
    assertProjectionName(projection);
    const definition = this.options.definitions.find((candidate) => candidate.name === projection);
    if (!definition) throw new ProjectionNotFoundError(projection, this.options.definitions);
    return definition;
  }
}
