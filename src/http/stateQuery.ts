// GET /api/streams/{aggregateType}/{aggregateId}/state?asOfVersion=N: the aggregate's state as it was after
// version N (the latest when omitted), replayed from the stream, for audits.
import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import type { CommandRegistry } from '../commands/registry.js';
import { NotFoundError, ValidationFailedError } from '../errors.js';
import { foldEvents } from '../shared/catalogue.js';
import { assertAggregateId, assertAggregateType } from '../shared/identifiers.js';
import type { EventStore } from '../stores/eventStore.js';
import { parseQuery } from './query.js';

export const stateQuerySchema = z.strictObject({
  asOfVersion: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
});

export interface StateAsOf {
  aggregateType: string;
  aggregateId: string;
  /** The version the state reflects. */
  version: number;
  /** The stream's head version. */
  streamVersion: number;
  state: unknown;
}

export async function readStateAsOf(
  request: HttpRequest,
  registry: CommandRegistry,
  storeFor: (type: string) => EventStore,
) {
  const aggregateType = assertAggregateType(request.params.aggregateType ?? '');
  const aggregateId = assertAggregateId(request.params.aggregateId ?? '');
  const aggregate = registry.aggregate(aggregateType);
  const { asOfVersion } = parseQuery(request, stateQuerySchema);
  const stream = { aggregateType, aggregateId };
  const { events, streamVersion } = await storeFor(aggregateType).readStream(stream, { limit: asOfVersion });
  if (streamVersion === 0)
    throw new NotFoundError('aggregate-not-found', `${aggregateType}/${aggregateId} has no events.`);
  if (asOfVersion !== undefined && asOfVersion > streamVersion) {
    throw new ValidationFailedError('asOfVersion is beyond the end of the stream.', [
      { path: 'query.asOfVersion', message: `the stream has ${streamVersion} events` },
    ]);
  }
  const state = foldEvents(aggregate, aggregate.decider.initialState(), events);
  const result: StateAsOf = {
    aggregateType,
    aggregateId,
    version: events.at(-1)?.version ?? 0,
    streamVersion,
    state,
  };
  return result;
}
