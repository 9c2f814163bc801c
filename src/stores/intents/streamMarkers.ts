// Standing publication markers: a durable note per stream that is being written, "events of this stream
// after `publishedThrough` may still need publishing". Where a store's head records that the marker exists
// (EventStore.marking), an append to a marked stream needs no per-command publish intent: the sweeper
// publishes whatever a marker's stream holds beyond published-through. The protocol, and why no paused
// writer can slip events past it, is in messaging/markers.ts.
import { withDeadline } from '../deadline.js';
import type { StreamId } from '../eventStore.js';

export interface StreamMarker extends StreamId {
  /** Every event up to this version has been published. */
  publishedThrough: number;
  /** When a writer or the publisher last wrote the marker: the sweeper leaves younger ones alone. */
  updatedAt: string;
  /** The marker as read (its ETag): setting published-through and retiring are conditional on it. */
  etag: string;
}

export interface StreamMarkerStore {
  /**
   * Creates the stream's marker, published through `headVersion` (the head the writer read, which records no
   * mark: everything up to it is published), or, when it exists, writes it again (keeping published-through),
   * so that a retirement which read it before fails to delete it.
   */
  ensure(stream: StreamId, headVersion: number, now: string): Promise<void>;
  /** Moves published-through from `from - 1` to `to`; false (nothing written) when it is not at `from - 1`. */
  advance(stream: StreamId, from: number, to: number, now: string): Promise<boolean>;
  /** The markers last written at or before `cutoff`, a page at a time. */
  pagesUpdatedBefore(cutoff: Date, pageSize: number): AsyncIterable<StreamMarker[]>;
  /** Sets published-through on the marker as read; false when it has changed (or is gone) since. */
  setPublishedThrough(marker: StreamMarker, version: number, now: string): Promise<boolean>;
  /** Deletes the marker as read; false when it has changed (a writer ensured it) or is gone. */
  retire(marker: StreamMarker): Promise<boolean>;
}

/** The markers with a deadline on every write (ensuring one is on a command's path when its stream is idle). */
export function markersWithDeadline(markers: StreamMarkerStore, deadlineInMs: number): StreamMarkerStore {
  const what = 'The stream marker store';
  return {
    ensure: (stream, head, now) => withDeadline(what, deadlineInMs, () => markers.ensure(stream, head, now)),
    advance: (stream, from, to, now) =>
      withDeadline(what, deadlineInMs, () => markers.advance(stream, from, to, now)),
    pagesUpdatedBefore: (cutoff, pageSize) => markers.pagesUpdatedBefore(cutoff, pageSize),
    setPublishedThrough: (marker, version, now) =>
      withDeadline(what, deadlineInMs, () => markers.setPublishedThrough(marker, version, now)),
    retire: (marker) => withDeadline(what, deadlineInMs, () => markers.retire(marker)),
  };
}
