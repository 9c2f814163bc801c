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
//   the version just before them (so it never claims what another writer has not published).
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

export class MarkedPublisher {
  /** Per stream, the last command's step of moving published-through on: the steps run in append order. */
  private readonly advancing = new Map<string, Promise<boolean>>();

  constructor(
    private readonly markers: StreamMarkerStore,
    private readonly publisher: EventPublisher,
    private readonly now: Clock,
    private readonly track: (work: Promise<unknown>, what: string) => void,
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
   * slow send holds up no other), then move published-through on in append order (a step only moves it on
   * from where the previous one left it; one that cannot leaves it where it is, for the sweeper).
   */
  publishAppended(stream: StreamId, events: EventEnvelope[]): void {
    const key = streamKey(stream);
    const from = (events[0] as EventEnvelope).version;
    const to = (events.at(-1) as EventEnvelope).version;
    const published = this.publisher.publish(events).then(
      () => true,
      () => false,
    );
    const previous = this.advancing.get(key) ?? Promise.resolve(true);
    const step = previous.then(async () => {
      if (!(await published)) return false;
      return this.markers.advance(stream, from, to, this.now().toISOString()).catch((error: unknown) => {
        this.track(Promise.reject(error), `moving ${key} on to v${to}`);
        return false;
      });
    });
    const tracked = step.finally(() => {
      if (this.advancing.get(key) === tracked) this.advancing.delete(key);
    });
    this.advancing.set(key, tracked);
    this.track(
      Promise.all([published, tracked]).then(([sent]) => {
        if (!sent) throw new Error('the bus did not take the events');
      }),
      `publishing ${key} v${from}-${to}`,
    );
  }
}
