// The one way events reach a projection document, used by the runner (per-aggregate, global and classifier
// tracking documents alike) and by the rebuild: which document a stream's events change, how far that
// document has got in the stream, and the document after some more of the stream's events.
import type { StreamId } from '../shared/envelope.js';
import type { EventEnvelope } from '../stores/eventStore.js';
import { streamKey } from '../stores/streamKey.js';
import { GLOBAL_KEY, type ProjectionDefinition, type ProjectionDocument } from './projection.js';
import type { ProjectionEvents } from './projectionEvents.js';

/** The key of the document the events of `stream` change: the aggregate id, or the global document's. */
export function documentKey(definition: ProjectionDefinition, stream: StreamId): string {
  return definition.kind === 'global' ? GLOBAL_KEY : stream.aggregateId;
}

/** The last version of `stream` the document reflects (0 when none): `asOfVersion`, or its `positions` entry. */
export function appliedVersion(
  definition: ProjectionDefinition,
  document: ProjectionDocument | undefined,
  stream: StreamId,
): number {
  if (!document) return 0;
  return (definition.kind === 'global' ? document.positions?.[streamKey(stream)] : document.asOfVersion) ?? 0;
}

/**
 * The document after the events of one stream that come after what it reflects (consecutive versions, in
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
  const key = documentKey(definition, stream);
  const applied = appliedVersion(definition, document, stream);
  const start = {
    state: document ? document.state : definition.initialState(key),
    version: applied,
    readTo: applied,
  };
  const folded = events.fold(
    definition,
    start,
    envelopes.filter((event) => event.version > applied),
  );
  if (folded.version === undefined || folded.version === applied) return undefined;
  const base = { projection: definition.name, key, updatedAt, state: folded.state };
  if (definition.kind !== 'global') return { ...base, asOfVersion: folded.version };
  return { ...base, positions: { ...document?.positions, [streamKey(stream)]: folded.version } };
}
