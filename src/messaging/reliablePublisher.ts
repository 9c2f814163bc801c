// Publishing without the dual-write flaw. Before a command's events are appended, a durable publish intent
// naming their versions is recorded (if that fails, nothing is appended: 503). After the append, the events
// are sent to the bus and the intent is removed, in the background so the client does not wait for the bus.
// If the process dies anywhere after the intent was recorded, the sweeper finds the intent and publishes
// whatever the store holds at those versions. Message ids are the deterministic event ids, so republishing
// is harmless: Service Bus duplicate detection and the idempotent projections absorb the copies. Where the
// intents' store keeps standing stream markers, `markers` publishes through them instead (markers.ts): a
// busy stream's commands then record no intent at all.
import { randomUUID } from 'node:crypto';
import { StoreUnavailableError } from '../errors.js';
import { type Clock, systemClock } from '../shared/clock.js';
import { describeUnavailable } from '../stores/azureErrors.js';
import type { EventEnvelope, StreamId } from '../stores/eventStore.js';
import type { PublishIntent, PublishIntentStore } from '../stores/intents/publishIntentStore.js';
import { ATTRIBUTES, inSpan } from '../telemetry/tracing.js';
import { MarkedPublisher } from './markers.js';
import type { EventPublisher } from './publisher.js';

export interface ReliablePublisherOptions {
  intents: PublishIntentStore;
  publisher: EventPublisher;
  now?: Clock;
  /**
   * How long, on a marked stream, published ranges wait for the stream's next ones before one marker write moves
   * published-through past them all (default 0: a write per command).
   */
  markerLingerInMs?: number;
  /** Background failures land here; the sweeper retries what they left behind. */
  onError?: (error: unknown, what: string) => void;
}

export class ReliablePublisher {
  private readonly pending = new Set<Promise<void>>();
  private readonly now: Clock;
  private readonly onError: (error: unknown, what: string) => void;
  /** Publishing through standing stream markers, when the intents' store keeps them. */
  readonly markers: MarkedPublisher | undefined;

  constructor(private readonly options: ReliablePublisherOptions) {
    this.now = options.now ?? systemClock;
    this.onError =
      options.onError ??
      ((error, what) => console.warn(`Publishing: ${what} failed; the sweeper will retry.`, error));
    const { markers } = options.intents;
    this.markers =
      markers &&
      new MarkedPublisher(
        markers,
        options.publisher,
        this.now,
        (work, what) => this.track(work, what),
        options.markerLingerInMs,
      );
  }

  /** Records the intent for the versions an append is about to write; on failure nothing may be appended. */
  async recordIntent(stream: StreamId, fromVersion: number, toVersion: number): Promise<PublishIntent> {
    const intent = {
      id: randomUUID(),
      ...stream,
      fromVersion,
      toVersion,
      createdAt: this.now().toISOString(),
    };
    try {
      const attributes = {
        [ATTRIBUTES.aggregateType]: stream.aggregateType,
        [ATTRIBUTES.aggregateId]: stream.aggregateId,
      };
      await inSpan('publish.intent', { attributes }, () => this.options.intents.record(intent));
    } catch (error) {
      // The detail says what failed, never where (the cause, with its address, is what gets logged).
      const why = error instanceof StoreUnavailableError ? error.message : `${describeUnavailable(error)}.`;
      throw new StoreUnavailableError(
        `Could not record the publish intent, so the command was not applied: ${why}`,
        error instanceof StoreUnavailableError ? error.retryAfterInSeconds : 5,
        { cause: error },
      );
    }
    return intent;
  }

  /** After a successful append: publish, then remove the intent (in the background). */
  publishAppended(intent: PublishIntent, events: EventEnvelope[]): void {
    this.track(
      (async () => {
        await this.options.publisher.publish(events);
        await this.options.intents.remove(intent);
      })(),
      `publishing ${intent.aggregateType}/${intent.aggregateId} v${intent.fromVersion}-${intent.toVersion}`,
    );
  }

  /** The append certainly wrote nothing (a conflict, a limit): the intent has nothing to publish. */
  discard(intent: PublishIntent): void {
    this.track(this.options.intents.remove(intent), `removing an unused publish intent ${intent.id}`);
  }

  /** Resolves once every background publication started so far has finished (or failed). */
  async flush(): Promise<void> {
    const hurried = this.markers?.hurry();
    try {
      while (this.pending.size > 0) await Promise.all([...this.pending]);
    } finally {
      hurried?.done();
    }
  }

  private track(work: Promise<unknown>, what: string): void {
    const tracked = work
      .then(() => undefined)
      .catch((error: unknown) => this.onError(error, what))
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }
}
