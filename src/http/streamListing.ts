// GET /api/streams/{aggregateType}?limit=&continuation=: the ids of one aggregate type's streams, a page at a
// time, the same whatever store the configuration map gives the type (each store's own paging, behind one
// opaque continuation token).
import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import type { CommandRegistry } from '../commands/registry.js';
import { assertAggregateType } from '../shared/identifiers.js';
import type { EventStore } from '../stores/eventStore.js';
import { decodeContinuation, encodeContinuation, MAX_CONTINUATION_LENGTH } from './continuation.js';
import { parseQuery } from './query.js';

export const DEFAULT_LISTING_LIMIT = 100;
export const MAX_LISTING_LIMIT = 1000;

export const streamListingQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_LISTING_LIMIT).default(DEFAULT_LISTING_LIMIT),
  continuation: z.string().min(1).max(MAX_CONTINUATION_LENGTH).optional(),
});

export interface StreamListing {
  aggregateType: string;
  aggregateIds: string[];
  /** Pass as `continuation` for the next page; absent on the last page. A page may hold fewer ids than `limit`. */
  continuation?: string;
}

export async function listStreamIds(
  request: HttpRequest,
  registry: CommandRegistry,
  storeFor: (aggregateType: string) => EventStore,
): Promise<StreamListing> {
  const aggregateType = assertAggregateType(request.params.aggregateType ?? '');
  registry.aggregate(aggregateType);
  const { limit, continuation } = parseQuery(request, streamListingQuerySchema);
  const continuationToken =
    continuation === undefined ? undefined : decodeContinuation(aggregateType, continuation);
  const page = await storeFor(aggregateType).listStreams(aggregateType, {
    pageSize: limit,
    continuationToken,
  });
  const listing: StreamListing = { aggregateType, aggregateIds: page.aggregateIds };
  if (page.continuationToken)
    listing.continuation = encodeContinuation(aggregateType, page.continuationToken);
  return listing;
}
