// The streams API: validates the route and query, and reads one page of a stream.
import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import type { CommandRegistry } from '../commands/registry.js';
import { NotFoundError } from '../errors.js';
import { assertAggregateId, assertAggregateType } from '../shared/identifiers.js';
import type { EventEnvelope, EventStore } from '../stores/eventStore.js';
import { parseQuery } from './query.js';

export const streamQuerySchema = z.strictObject({
  fromVersion: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(1),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export interface StreamQuery {
  aggregateType: string;
  aggregateId: string;
  fromVersion: number;
  limit: number;
}

export interface StreamPage {
  aggregateType: string;
  aggregateId: string;
  /** The stream's head version. */
  version: number;
  fromVersion: number;
  events: EventEnvelope[];
  /** Where the next page starts; absent on the last page. */
  nextFromVersion?: number;
}

export function parseStreamQuery(request: HttpRequest, registry: CommandRegistry): StreamQuery {
  const aggregateType = assertAggregateType(request.params.aggregateType ?? '');
  const aggregateId = assertAggregateId(request.params.aggregateId ?? '');
  registry.aggregate(aggregateType);
  return { aggregateType, aggregateId, ...parseQuery(request, streamQuerySchema) };
}

export async function readStreamPage(store: EventStore, query: StreamQuery): Promise<StreamPage> {
  const { aggregateType, aggregateId, fromVersion, limit } = query;
  const { events, streamVersion } = await store.readStream(
    { aggregateType, aggregateId },
    { fromVersion, limit },
  );
  if (streamVersion === 0) {
    throw new NotFoundError('aggregate-not-found', `${aggregateType}/${aggregateId} has no events.`);
  }
  const last = events.at(-1)?.version ?? fromVersion - 1;
  const page: StreamPage = { aggregateType, aggregateId, version: streamVersion, fromVersion, events };
  if (last < streamVersion) page.nextFromVersion = last + 1;
  return page;
}
