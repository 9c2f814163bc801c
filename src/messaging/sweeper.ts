// The publish sweeper (run by a timer-triggered function): publishes the events of every publish intent older
// than a threshold and removes the intent. An intent whose versions hold no events (its append failed or
// never happened) is removed once it has expired; the threshold and the expiry are far longer than any
// append takes, so an append still under way is never mistaken for a failed one.
import type { EventStore } from '../stores/eventStore.js';
import type { PublishIntentStore } from './intents/publishIntentStore.js';
import type { EventPublisher } from './publisher.js';

export interface SweepOptions {
  intents: PublishIntentStore;
  publisher: EventPublisher;
  storeFor: (aggregateType: string) => EventStore;
  /** Intents younger than this are left to the normal path. */
  sweepAfterInMs: number;
  /** Intents without events are dropped after this long. */
  expiryInMs: number;
  now?: () => Date;
  /** Intents handled per run (the next run takes the rest). */
  batchSize?: number;
}

export interface SweepReport {
  intents: number;
  published: number;
  expired: number;
  failed: number;
}

export async function sweepPublishIntents(options: SweepOptions): Promise<SweepReport> {
  const now = (options.now ?? (() => new Date()))();
  const cutoff = new Date(now.getTime() - options.sweepAfterInMs);
  const intents = await options.intents.listCreatedBefore(cutoff, options.batchSize ?? 500);
  const report: SweepReport = { intents: intents.length, published: 0, expired: 0, failed: 0 };
  for (const intent of intents) {
    try {
      const stream = { aggregateType: intent.aggregateType, aggregateId: intent.aggregateId };
      const limit = intent.toVersion - intent.fromVersion + 1;
      const { events } = await options
        .storeFor(intent.aggregateType)
        .readStream(stream, { fromVersion: intent.fromVersion, limit });
      if (events.length > 0) {
        await options.publisher.publish(events);
        report.published += events.length;
      } else if (Date.parse(intent.createdAt) > now.getTime() - options.expiryInMs) {
        continue; // not expired yet: its append may still land
      } else {
        report.expired++;
      }
      await options.intents.remove(intent);
    } catch (error) {
      report.failed++;
      console.warn(
        `Publish sweeper: intent ${intent.id} (${intent.aggregateType}/${intent.aggregateId}) failed; retrying next run.`,
        error,
      );
    }
  }
  return report;
}
