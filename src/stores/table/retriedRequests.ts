// Which requests the Tables SDK sent more than once. A retried transaction may have been committed by an
// earlier try whose answer was lost; only then is a refused append worth checking for its own events.
import type { TableClient } from '@azure/data-tables';
import { LRUCache } from 'lru-cache';
import { canonicalJson } from '../../shared/canonicalJson.js';
import { isRestError } from '../azureErrors.js';
import type { EventEnvelope, StreamId } from '../eventStore.js';
import { fromEntity, toRowKey } from './entities.js';

type Policy = Parameters<TableClient['pipeline']['addPolicy']>[0];

export class RetriedRequests {
  /** Tries per request id (the SDK keeps the id across the tries of one request). */
  private readonly tries = new LRUCache<string, number>({ max: 10_000 });
  private readonly policy: Policy = {
    name: 'retriedRequests',
    sendRequest: (request, next) => {
      this.tries.set(request.requestId, (this.tries.get(request.requestId) ?? 0) + 1);
      return next(request);
    },
  };

  /** Counts every try of the client's requests from now on. */
  watch(client: TableClient): TableClient {
    client.pipeline.addPolicy(this.policy, { afterPhase: 'Retry' });
    return client;
  }

  /** Whether the request an SDK error came from was sent more than once. */
  wasRetried(error: unknown): boolean {
    const id = (error as { request?: { requestId?: unknown } }).request?.requestId;
    return typeof id === 'string' && (this.tries.get(id) ?? 0) > 1;
  }
}

/**
 * Whether the stream holds this very event. The SDK retries a transaction whose answer was lost (a reset
 * connection, a timed-out try); if the first try was committed, the retry fails its If-Match as if another
 * writer had won. Deciding the command again would then apply it twice, so a refused append that was retried
 * first looks for its own first event: the stored one equal to ours in every field (its sequence stamp and
 * command id included, which no other writer repeats) means it is ours.
 */
export async function landed(
  client: TableClient,
  stream: StreamId,
  first: EventEnvelope | undefined,
): Promise<boolean> {
  if (!first) return false;
  try {
    const entity = await client.getEntity(stream.aggregateId, toRowKey(first.version));
    return canonicalJson(fromEntity(stream, entity)) === canonicalJson(first);
  } catch (error) {
    if (isRestError(error, 404)) return false;
    throw error;
  }
}
