// Publishing through standing stream markers: one round trip per command on a busy stream, with no appended
// event ever left unpublished (invariant 2), whatever process pauses where and for how long.
//
// The protocol. A stream that is being written has a marker beside the publish intents (stores/intents/
// streamMarkers.ts: published-through version, ETag), and its head records that the marker exists (Table: the
// header's `Marked`, updated in the append's entity-group transaction; Append Blob: the last blob's metadata,
// set when a covered append creates it, the append conditioned on the blob's ETag; In-Memory: a flag). Then:
// - A writer appends to a marked head it knows the ETag of with that one conditional write. When the head it
//   learned is unmarked (a new or idle stream), it first ensures the marker — creates it, or writes it again
//   so its ETag changes — and then appends conditioned on the head it learned, setting the mark.
// - After the append, the events are published in the background and published-through moved on, only from
//   the version just before them (so it never claims what another writer has not published). On a busy stream
//   the moves are coalesced: one marker write covers every contiguous range published while it waited (the
//   linger), so the stream costs about one background request per linger, not one per command. Moving on
//   later only widens what a sweep could republish (a duplicate, absorbed downstream), never what it misses.
// - The sweeper (markerSweeper.ts) publishes whatever lies beyond published-through on a marker nobody has
//   written for the sweep delay, and retires a marker idle longer still in three steps: (1) clear the mark
//   with a write conditioned on the head it read at published-through (changing the head's ETag), (2) that
//   write proves everything up to the head is published, (3) delete the marker conditioned on the ETag it read
//   before step 1.
//
// Why a paused writer cannot append events that nothing will publish. Take a writer whose append succeeds,
// conditioned on head H, and a retirement that deletes the marker. If the retirement's step 1 came after the
// append, the head it read included the new events, and it found them published. If it came before, the
// append's condition held, so H is the head step 1 wrote or a later one: unmarked when written, so the writer
// learned H after step 1 and ensured the marker after that, hence after the retirement read the marker. That
// write changed the marker's ETag, so step 3 fails — or, if step 3 came first, the writer created a new
// marker. (A head marked later than step 1 was marked by some writer who, by the same argument, ensured the
// marker after step 1; and a head a process produced by a covered append — which Append Blob counts as marked
// in that process without writing its metadata — is covered the same way, as any retirement that could delete
// that marker changed the head before it.) Either way the events lie beyond published-through of a marker the
// sweeper will read.
// No step assumes a bound on any delay: a paused writer only ever fails a condition and starts again.
import { StoreUnavailableError } from '../errors.js';
import type { Clock } from '../shared/clock.js';
import { describeUnavailable } from '../stores/azureErrors.js';
import type { EventEnvelope, StreamId } from '../stores/eventStore.js';
import type { StreamMarkerStore } from '../stores/intents/streamMarkers.js';
import { streamKey } from '../stores/streamKey.js';
import { ATTRIBUTES, inSpan } from '../telemetry/tracing.js';
import type { EventPublisher } from './publisher.js';

/** A range of versions this process appended to one stream, and whether the bus took it. */
interface Appended {
  from: number;
  to: number;
  published: Promise<boolean>;
}

export class MarkedPublisher {
  /** Per stream, what was appended and is not yet moved past, in append order; present while a drain runs. */
  private readonly queues = new Map<string, Appended[]>();
  /** Lingering drains, woken early by `hurry` (a flush). */
  private readonly sleepers = new Set<() => void>();
  private hurrying = 0;

  constructor(
    private readonly markers: StreamMarkerStore,
    private readonly publisher: EventPublisher,
    private readonly now: Clock,
    private readonly track: (work: Promise<unknown>, what: string) => void,
    /** How long a published range waits for the stream's next ones before published-through moves on. */
    private readonly lingerInMs = 0,
  ) {}

  /** Makes the stream's marker durable; on failure nothing may be appended (503). */
  async ensure(stream: StreamId, headVersion: number): Promise<void> {
    try {
      const attributes = {
        [ATTRIBUTES.aggregateType]: stream.aggregateType,
        [ATTRIBUTES.aggregateId]: stream.aggregateId,
      };
      await inSpan('publish.marker', { attributes }, () =>
        this.markers.ensure(stream, headVersion, this.now().toISOString()),
      );
    } catch (error) {
      const why = error instanceof StoreUnavailableError ? error.message : `${describeUnavailable(error)}.`;
      throw new StoreUnavailableError(
        `Could not record the stream's publication marker, so the command was not applied: ${why}`,
        error instanceof StoreUnavailableError ? error.retryAfterInSeconds : 5,
        { cause: error },
      );
    }
  }

  /**
   * After an append to a marked stream, in the background: publish at once (each command on its own, so a
   * slow send holds up no other), then move published-through on in append order, coalescing contiguous ranges
   * (a move only goes on from where the marker is; one that cannot leaves it where it is, for the sweeper).
   */
  publishAppended(stream: StreamId, events: EventEnvelope[]): void {
    const key = streamKey(stream);
    const from = (events[0] as EventEnvelope).version;
    const to = (events.at(-1) as EventEnvelope).version;
    const published = this.publisher.publish(events).then(
      () => true,
      () => false,
    );
    this.track(
      published.then((sent) => {
        if (!sent) throw new Error('the bus did not take the events');
      }),
      `publishing ${key} v${from}-${to}`,
    );
    const queue = this.queues.get(key);
    if (queue) {
      queue.push({ from, to, published });
      return;
    }
    const started: Appended[] = [{ from, to, published }];
    this.queues.set(key, started);
    this.track(this.drain(stream, key, started), `moving ${key} on`);
  }

  /**
   * Ends every linger now, and skips them until `done` is called (a flush: what was published gets its marker
   * write without waiting).
   */
  hurry(): { done(): void } {
    this.hurrying++;
    for (const wake of this.sleepers) wake();
    return { done: () => void this.hurrying-- };
  }

  /** Moves the stream's published-through on, a linger's worth of ranges at a time, until none is left. */
  private async drain(stream: StreamId, key: string, queue: Appended[]): Promise<void> {
    try {
      while (queue.length > 0) {
        await this.linger();
        const ranges = queue.splice(0);
        for (const run of await contiguousPublished(ranges)) {
          const moved = await this.markers
            .advance(stream, run.from, run.to, this.now().toISOString())
            .catch((error: unknown) => {
              this.track(Promise.reject(error), `moving ${key} on to v${run.to}`);
              return false;
            });
          if (!moved) break; // the marker is not where this run starts: the sweeper takes it from there
        }
      }
    } finally {
      this.queues.delete(key);
    }
  }

  private linger(): Promise<void> {
    if (this.lingerInMs <= 0 || this.hurrying > 0) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, this.lingerInMs);
      timer.unref();
      this.sleepers.add(wake);
    });
  }
}

/**
 * The ranges the bus took, joined where each starts right after the previous one ends; a range the bus did
 * not take, and everything after it, stays for the sweeper (published-through cannot pass it).
 */
async function contiguousPublished(ranges: Appended[]): Promise<{ from: number; to: number }[]> {
  const runs: { from: number; to: number }[] = [];
  for (const range of ranges) {
    if (!(await range.published)) break;
    const last = runs.at(-1);
    if (last && last.to + 1 === range.from) last.to = range.to;
    else runs.push({ from: range.from, to: range.to });
  }
  return runs;
}
