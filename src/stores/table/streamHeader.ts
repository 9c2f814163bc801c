// The stream header (version 0's row key): the head version, and `Marked` when the stream's standing
// publication marker exists. Clearing that mark is the first step of retiring a marker: a conditional write
// that changes the header's ETag, so that a writer holding the marked header's ETag can no longer append.
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { isRestError } from '../azureErrors.js';
import type { StreamId } from '../eventStore.js';
import { HEADER_ROW_KEY } from './entities.js';

/** What the store knows of a stream's header: the head version, its ETag, and whether it records the marker. */
export interface Header {
  version: number;
  etag: string;
  marked: boolean;
}

/**
 * Clears `Marked` with If-Match on the header just read, if it is at `version`; a stream with no header (its
 * marker was ensured, then the writer stopped before appending) gets an empty, unmarked one, so that writer's
 * header insert fails. False when the header had moved on, or changed under the write.
 */
export async function unmarkHeader(
  client: TableClient,
  stream: StreamId,
  version: number,
  now: string,
  submit: (actions: TransactionAction[]) => Promise<unknown>,
): Promise<Header | boolean> {
  const keys = { partitionKey: stream.aggregateId, rowKey: HEADER_ROW_KEY };
  try {
    const header = await client.getEntity(keys.partitionKey, keys.rowKey).catch((error: unknown) => {
      if (isRestError(error, 404)) return undefined;
      throw error;
    });
    if (!header) {
      if (version !== 0) return false;
      const empty = { ...keys, Version: 0, AggregateType: stream.aggregateType, CreatedAt: now };
      await submit([['create', { ...empty, UpdatedAt: now, Marked: false }]]);
      return true;
    }
    if (Number(header.Version) !== version) return false;
    const written = await client.updateEntity({ ...keys, Marked: false, UpdatedAt: now }, 'Merge', {
      etag: header.etag,
    });
    return written.etag ? { version, etag: written.etag, marked: false } : true;
  } catch (error) {
    if (isRestError(error, 409) || isRestError(error, 412) || isRestError(error, 404)) return false;
    throw error;
  }
}
