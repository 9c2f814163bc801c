// The publish sweeper (run by a timer-triggered function): publishes the events of every publish intent older
// than a threshold and removes the intent. An intent whose versions hold no events (its append failed or
// never happened) is removed once it has expired; the threshold and the expiry are far longer than any
// append takes, so an append still under way is never mistaken for a failed one.
//
// After a bus outage thousands of intents may be waiting, so a run drains them as fast as the bus takes
// them: page after page until none is left (or the run's time budget is spent), each page's streams read in
// parallel, its events sent in as few batches as fit, and its intents removed in parallel.
//
// Where the intents' store keeps standing stream markers, the same run then sweeps those (markerSweeper.ts).

import { type Clock, systemClock } from '../shared/clock.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import type { EventEnvelope, EventStore } from '../stores/eventStore.js';
import type { PublishIntent, PublishIntentStore } from '../stores/intents/publishIntentStore.js';
import { sweepStreamMarkers } from './markerSweeper.js';
import type { EventPublisher } from './publisher.js';

export interface SweepOptions {
  intents: PublishIntentStore;
  publisher: EventPublisher;
  storeFor: (aggregateType: string) => EventStore;
  /** Intents younger than this are left to the normal path. */
  sweepAfterInMs: number;
  /** Intents without events are dropped after this long, and markers nobody has written are retired. */
  expiryInMs: number;
  now?: Clock;
  /** Intents per page (default 200). */
  pageSize?: number;
  /** Streams read and intents removed at once (default 16). */
  concurrency?: number;
  /** A run stops starting new pages after this long (default 4 minutes); the next run takes the rest. */
  budgetInMs?: number;
}

export interface SweepReport {
  intents: number;
  /** Events published, for intents and markers. */
  published: number;
  expired: number;
  failed: number;
  /** Stream markers looked at, and retired. */
  markers: number;
  retired: number;
}

/** What the sweeper found for one intent. */
type Found =
  | { intent: PublishIntent; kind: 'events'; events: EventEnvelope[] }
  | { intent: PublishIntent; kind: 'expired' | 'waiting' | 'failed' };

export async function sweepPublishIntents(options: SweepOptions): Promise<SweepReport> {
  const now = (options.now ?? systemClock)();
  const cutoff = new Date(now.getTime() - options.sweepAfterInMs);
  const started = performance.now();
  const budget = options.budgetInMs ?? 240_000;
  const report: SweepReport = { intents: 0, published: 0, expired: 0, failed: 0, markers: 0, retired: 0 };
  for await (const page of options.intents.pagesCreatedBefore(cutoff, options.pageSize ?? 200)) {
    report.intents += page.length;
    await sweepPage(page, now, options, report);
    if (performance.now() - started > budget) break;
  }
  const { markers } = options.intents;
  if (!markers) return report;
  const swept = await sweepStreamMarkers({
    ...options,
    markers,
    now: () => now,
    retireAfterInMs: options.expiryInMs,
  });
  return {
    ...report,
    published: report.published + swept.published,
    failed: report.failed + swept.failed,
    markers: swept.markers,
    retired: swept.retired,
  };
}

async function sweepPage(
  page: PublishIntent[],
  now: Date,
  options: SweepOptions,
  report: SweepReport,
): Promise<void> {
  const concurrency = options.concurrency ?? 16;
  const found = await mapWithConcurrency(page, concurrency, (intent) => find(intent, now, options));
  const withEvents = found.filter((item) => item.kind === 'events');
  const events = withEvents.flatMap((item) => item.events);
  try {
    await options.publisher.publish(events);
  } catch (error) {
    // Nothing of this page is removed: the next run sends it again (duplicates are dropped by message id).
    report.failed += withEvents.length;
    warn(`publishing ${events.length} event(s) of ${withEvents.length} intent(s)`, error);
    return;
  }
  report.published += events.length;
  const done = found.filter((item) => item.kind === 'events' || item.kind === 'expired');
  await mapWithConcurrency(done, concurrency, async ({ intent, kind }) => {
    try {
      await options.intents.remove(intent);
      if (kind === 'expired') report.expired++;
    } catch (error) {
      report.failed++;
      warn(`removing intent ${intent.id}`, error);
    }
  });
  report.failed += found.filter((item) => item.kind === 'failed').length;
}

async function find(intent: PublishIntent, now: Date, options: SweepOptions): Promise<Found> {
  try {
    const stream = { aggregateType: intent.aggregateType, aggregateId: intent.aggregateId };
    const limit = intent.toVersion - intent.fromVersion + 1;
    const { events } = await options
      .storeFor(intent.aggregateType)
      .readStream(stream, { fromVersion: intent.fromVersion, limit });
    if (events.length > 0) return { intent, kind: 'events', events };
    // Not expired yet: its append may still land.
    const expired = Date.parse(intent.createdAt) <= now.getTime() - options.expiryInMs;
    return { intent, kind: expired ? 'expired' : 'waiting' };
  } catch (error) {
    warn(`reading the events of intent ${intent.id} (${intent.aggregateType}/${intent.aggregateId})`, error);
    return { intent, kind: 'failed' };
  }
}

function warn(what: string, error: unknown): void {
  console.warn(`Publish sweeper: ${what} failed; the next run retries.`, error);
}
