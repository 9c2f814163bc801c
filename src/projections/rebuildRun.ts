// The bookkeeping of one rebuild: the summary it answers with, progress while it lists and replays streams,
// and the streams it leaves out because an event in them cannot be read.
import { UnreadableStreamError } from '../errors.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import type { StreamId } from '../stores/eventStore.js';
import type { ProjectionDefinition } from './projection.js';
import type { ProjectionEvents } from './projectionEvents.js';

export interface RebuildProgress {
  aggregateType: string;
  /** Streams of this type replayed so far. */
  done: number;
  total: number;
}

export interface RebuildOptions {
  onProgress?: (progress: RebuildProgress) => void;
  /** Streams replayed at once (default 8). */
  concurrency?: number;
}

export interface SkippedStream {
  aggregateType: string;
  aggregateId: string;
  version: number;
  reason: string;
}

export interface RebuildSummary {
  projection: string;
  kind: ProjectionDefinition['kind'];
  /** Streams replayed, per aggregate type. */
  streams: Record<string, number>;
  /** Documents replaced or created, and documents that were already right (left untouched). */
  written: number;
  unchanged: number;
  /** Streams left out because an event in them cannot be read (see UnreadableStreamError). */
  skipped: SkippedStream[];
  durationInMs: number;
}

export class RebuildRun {
  readonly summary: RebuildSummary;
  private readonly started = performance.now();

  constructor(
    private readonly definition: ProjectionDefinition,
    private readonly options: RebuildOptions,
  ) {
    const { name: projection, kind } = definition;
    this.summary = { projection, kind, streams: {}, written: 0, unchanged: 0, skipped: [], durationInMs: 0 };
  }

  /** Replays every stream of the types the projection handles, a few at a time, reporting progress. */
  async forEachStream(
    events: ProjectionEvents,
    replay: (stream: StreamId) => Promise<unknown>,
  ): Promise<void> {
    for (const aggregateType of Object.keys(this.definition.handles)) {
      const ids = await events.listStreams(aggregateType);
      const progress = { aggregateType, done: 0, total: ids.length };
      this.summary.streams[aggregateType] = ids.length;
      this.options.onProgress?.({ ...progress });
      await mapWithConcurrency(ids, this.options.concurrency ?? 8, async (aggregateId) => {
        await this.skippingUnreadable(() => replay({ aggregateType, aggregateId }));
        progress.done++;
        this.options.onProgress?.({ ...progress });
      });
    }
  }

  /** Runs a stream's replay; a stream with an event this code cannot read is reported and left out. */
  async skippingUnreadable<T>(replay: () => Promise<T>): Promise<T | undefined> {
    try {
      return await replay();
    } catch (error) {
      if (!(error instanceof UnreadableStreamError)) throw error;
      const { stream, version, message } = error;
      this.summary.skipped.push({ ...stream, version, reason: message });
      return undefined;
    }
  }

  count(written: boolean): void {
    if (written) this.summary.written++;
    else this.summary.unchanged++;
  }

  finish(): RebuildSummary {
    this.summary.durationInMs = Math.round(performance.now() - this.started);
    return this.summary;
  }
}
