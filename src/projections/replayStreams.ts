// A rebuild's replay of some streams into a generation's documents: each stream's document is brought up to
// the stream's head, continuing from whatever is there already (a runner that applied newer events to the
// generation being built, or an earlier delivery of the same page), so a replay page delivered again redoes
// nothing; lists and classifiers then bring the entry record in line. A stream holding an event this code
// cannot read is left out and reported.
import { UnreadableStreamError } from '../errors.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import type { StreamId } from '../stores/eventStore.js';
import { updateDocument } from './documentUpdate.js';
import { appliedVersion, applyEvents } from './engine.js';
import { syncIndex } from './indexSync.js';
import type { ProjectionDefinition, ProjectionDocumentStore } from './projection.js';
import type { ProjectionEvents } from './projectionEvents.js';
import type { SkippedStream } from './rebuildJob.js';

export interface ReplayContext {
  documents: ProjectionDocumentStore;
  events: ProjectionEvents;
  now: () => string;
  /** Streams replayed at once (default 8). */
  concurrency?: number;
}

export async function replayStreams(
  context: ReplayContext,
  definition: ProjectionDefinition,
  collection: string,
  streams: readonly StreamId[],
): Promise<{ events: number; skipped: SkippedStream[] }> {
  const skipped: SkippedStream[] = [];
  const counts = await mapWithConcurrency(streams, context.concurrency ?? 8, async (stream) => {
    try {
      return await catchUp(context, definition, collection, stream);
    } catch (error) {
      if (!(error instanceof UnreadableStreamError)) throw error;
      skipped.push({ ...stream, version: error.version, reason: error.message });
      return 0;
    }
  });
  return { events: counts.reduce((sum, count) => sum + count, 0), skipped };
}

/** The stream's document in `collection`, brought up to the stream's head; returns the events read. */
async function catchUp(
  { documents, events, now }: ReplayContext,
  definition: ProjectionDefinition,
  collection: string,
  stream: StreamId,
): Promise<number> {
  let read = 0;
  const result = await updateDocument(documents, collection, stream.aggregateId, async (current) => {
    const envelopes = await events.readFrom(stream, appliedVersion(current?.document) + 1);
    read = envelopes.length;
    return applyEvents(definition, events, current?.document, stream, envelopes, now());
  });
  if (definition.kind !== 'per-aggregate' && result.stored) {
    await syncIndex(documents, collection, definition, stream.aggregateId, now, result.stored);
  }
  return read;
}
