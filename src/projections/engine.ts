// The one way events reach a projection document, used by the runner and by the rebuild jobs alike: every
// projection keeps one document per aggregate (a per-aggregate document, or a list's or classifier's tracking
// document, key = the aggregate id), with `asOfVersion`; this says how far such a document has got in its
// stream, and what it is after some more of the stream's events (with, for lists and classifiers, where the
// aggregate's entry record now belongs: indexSync.ts).
import type { StreamId } from '../shared/envelope.js';
import type { EventEnvelope } from '../stores/eventStore.js';
import { placed } from './indexSync.js';
import type { ProjectionDefinition, ProjectionDocument } from './projection.js';
import type { ProjectionEvents } from './projectionEvents.js';

/** The last version of the stream the document reflects (0 when none). */
export function appliedVersion(document: ProjectionDocument | undefined): number {
  return document?.asOfVersion ?? 0;
}

/**
 * The document after the events of its stream that come after what it reflects (consecutive versions, in
 * order; those it reflects already are passed over), or undefined when none of them is one the projection
 * handles (nothing to write).
 */
export function applyEvents(
  definition: ProjectionDefinition,
  events: ProjectionEvents,
  document: ProjectionDocument | undefined,
  stream: StreamId,
  envelopes: readonly EventEnvelope[],
  updatedAt: string,
): ProjectionDocument | undefined {
  const applied = appliedVersion(document);
  const start = {
    state: document ? document.state : definition.initialState(stream.aggregateId),
    version: applied,
    readTo: applied,
  };
  const folded = events.fold(
    definition,
    start,
    envelopes.filter((event) => event.version > applied),
  );
  if (folded.version === undefined || folded.version === applied) return undefined;
  const next: ProjectionDocument = {
    projection: definition.name,
    key: stream.aggregateId,
    asOfVersion: folded.version,
    updatedAt,
    state: folded.state,
  };
  return definition.kind === 'per-aggregate' ? next : placed(definition, next, document, updatedAt);
}
