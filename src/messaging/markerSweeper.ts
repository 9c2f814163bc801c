// The stream markers' half of the publish sweeper (markers.ts has the protocol): for each marker nobody has
// written for the sweep delay, publish what its stream holds beyond published-through and move that on; a
// marker idle for longer (the intents' expiry) whose stream is all published is retired — the head's mark
// cleared conditionally first, then the marker deleted conditionally — so the table keeps only busy streams.
import { type Clock, systemClock } from '../shared/clock.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import type { EventEnvelope, EventStore } from '../stores/eventStore.js';
import type { StreamMarker, StreamMarkerStore } from '../stores/intents/streamMarkers.js';
import type { EventPublisher } from './publisher.js';

export interface MarkerSweepOptions {
  markers: StreamMarkerStore;
  publisher: EventPublisher;
  storeFor: (aggregateType: string) => EventStore;
  /** Markers written more recently than this are left to the normal path. */
  sweepAfterInMs: number;
  /** Markers nobody has written for this long, with everything published, are retired. */
  retireAfterInMs: number;
  now?: Clock;
  /** Markers per page (default 200); events read per marker and run (default 500). */
  pageSize?: number;
  eventsPerMarker?: number;
  concurrency?: number;
}

export interface MarkerSweepReport {
  markers: number;
  published: number;
  retired: number;
  failed: number;
}

type Found =
  | { marker: StreamMarker; kind: 'events'; events: EventEnvelope[] }
  | { marker: StreamMarker; kind: 'idle' | 'busy' | 'failed' };

export async function sweepStreamMarkers(options: MarkerSweepOptions): Promise<MarkerSweepReport> {
  const now = (options.now ?? systemClock)();
  const cutoff = new Date(now.getTime() - options.sweepAfterInMs);
  const report: MarkerSweepReport = { markers: 0, published: 0, retired: 0, failed: 0 };
  const concurrency = options.concurrency ?? 16;
  for await (const page of options.markers.pagesUpdatedBefore(cutoff, options.pageSize ?? 200)) {
    report.markers += page.length;
    const found = await mapWithConcurrency(page, concurrency, (marker) => find(marker, now, options));
    const withEvents = found.flatMap((item) => (item.kind === 'events' ? [item] : []));
    const events = withEvents.flatMap((item) => item.events);
    try {
      await options.publisher.publish(events);
      report.published += events.length;
      await mapWithConcurrency(withEvents, concurrency, async ({ marker, events: published }) => {
        const through = (published.at(-1) as EventEnvelope).version;
        await options.markers.setPublishedThrough(marker, through, now.toISOString());
      });
    } catch (error) {
      report.failed += withEvents.length;
      warn(`publishing ${events.length} event(s) of ${withEvents.length} marked stream(s)`, error);
    }
    const idle = found.filter((item) => item.kind === 'idle');
    await mapWithConcurrency(idle, concurrency, async ({ marker }) => {
      try {
        if (await retire(marker, options)) report.retired++;
      } catch (error) {
        report.failed++;
        warn(`retiring the marker of ${marker.aggregateType}/${marker.aggregateId}`, error);
      }
    });
    report.failed += found.filter((item) => item.kind === 'failed').length;
  }
  return report;
}

async function find(marker: StreamMarker, now: Date, options: MarkerSweepOptions): Promise<Found> {
  try {
    const { events } = await options.storeFor(marker.aggregateType).readStream(marker, {
      fromVersion: marker.publishedThrough + 1,
      limit: options.eventsPerMarker ?? 500,
    });
    if (events.length > 0) return { marker, kind: 'events', events };
    const idle = Date.parse(marker.updatedAt) <= now.getTime() - options.retireAfterInMs;
    return { marker, kind: idle ? 'idle' : 'busy' };
  } catch (error) {
    warn(`reading ${marker.aggregateType}/${marker.aggregateId} after v${marker.publishedThrough}`, error);
    return { marker, kind: 'failed' };
  }
}

/**
 * Step 1 clears the head's mark only if the head is still at published-through (so step 2, "everything is
 * published", holds at that head); step 3 deletes the marker only if no writer has ensured it since it was read.
 */
async function retire(marker: StreamMarker, options: MarkerSweepOptions): Promise<boolean> {
  const marking = options.storeFor(marker.aggregateType).marking;
  if (!marking) return false; // a store that keeps no mark: nothing proves a writer is not about to rely on it
  if (!(await marking.unmark(marker, marker.publishedThrough))) return false;
  return options.markers.retire(marker);
}

function warn(what: string, error: unknown): void {
  console.warn(`Publish sweeper: ${what} failed; the next run retries.`, error);
}
