// Stream markers as entities of the publish intents' table: PartitionKey = aggregate type, RowKey = `~` and
// the aggregate id (intent row keys are UUIDs, so the two never meet; markers have no CreatedAt column, so the
// intents' scan never returns one). Every write sets UpdatedAt and gives the entity a new ETag, which is what
// makes a retirement that read the marker before a writer ensured it fail.
import { odata, type TableClient } from '@azure/data-tables';
import { LRUCache } from 'lru-cache';
import { isRestError } from '../azureErrors.js';
import type { StreamId } from '../eventStore.js';
import { streamKey } from '../streamKey.js';
import type { StreamMarker, StreamMarkerStore } from './streamMarkers.js';

const rowKeyOf = (aggregateId: string) => `~${aggregateId}`;

export class TableStreamMarkers implements StreamMarkerStore {
  /** Published-through and ETag of the markers this process last wrote, so advancing one is one request. */
  private readonly known = new LRUCache<string, { publishedThrough: number; etag: string }>({ max: 10_000 });

  constructor(private readonly table: TableClient) {}

  async ensure(stream: StreamId, headVersion: number, now: string): Promise<void> {
    const keys = { partitionKey: stream.aggregateType, rowKey: rowKeyOf(stream.aggregateId) };
    // Create, or write the existing one again; a marker retired between the two is created on the next turn.
    for (;;) {
      try {
        const entity = {
          ...keys,
          AggregateId: stream.aggregateId,
          PublishedThrough: headVersion,
          UpdatedAt: now,
        };
        const { etag } = await this.withTable(() => this.table.createEntity(entity));
        if (etag) this.known.set(streamKey(stream), { publishedThrough: headVersion, etag });
        return;
      } catch (error) {
        if (!isRestError(error, 409)) throw error;
      }
      try {
        await this.table.updateEntity({ ...keys, UpdatedAt: now }, 'Merge');
        this.known.delete(streamKey(stream));
        return;
      } catch (error) {
        if (!isRestError(error, 404)) throw error;
      }
    }
  }

  async advance(stream: StreamId, from: number, to: number, now: string): Promise<boolean> {
    const key = streamKey(stream);
    for (let attempt = 0; attempt < 2; attempt++) {
      const known = this.known.get(key) ?? (await this.read(stream));
      if (!known) return false;
      if (known.publishedThrough !== from - 1) {
        this.known.delete(key);
        if (attempt === 0) continue; // what this process remembered may be out of date
        return false;
      }
      const marker = { ...stream, ...known, updatedAt: now };
      if (await this.setPublishedThrough(marker, to, now)) return true;
    }
    return false;
  }

  async *pagesUpdatedBefore(cutoff: Date, pageSize: number): AsyncIterable<StreamMarker[]> {
    const filter = odata`UpdatedAt le ${cutoff.toISOString()}`;
    const pages = this.table.listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: pageSize });
    try {
      for await (const page of pages) {
        yield page.map((entity) => ({
          aggregateType: entity.partitionKey as string,
          aggregateId: String(entity.AggregateId),
          publishedThrough: Number(entity.PublishedThrough),
          updatedAt: String(entity.UpdatedAt),
          etag: String(entity.etag),
        }));
      }
    } catch (error) {
      if (!isRestError(error, 404)) throw error;
    }
  }

  async setPublishedThrough(marker: StreamMarker, version: number, now: string): Promise<boolean> {
    const key = streamKey(marker);
    const entity = {
      partitionKey: marker.aggregateType,
      rowKey: rowKeyOf(marker.aggregateId),
      PublishedThrough: version,
      UpdatedAt: now,
    };
    try {
      const { etag } = await this.table.updateEntity(entity, 'Merge', { etag: marker.etag });
      if (etag) this.known.set(key, { publishedThrough: version, etag });
      return true;
    } catch (error) {
      this.known.delete(key);
      if (isRestError(error, 412) || isRestError(error, 404)) return false;
      throw error;
    }
  }

  async retire(marker: StreamMarker): Promise<boolean> {
    this.known.delete(streamKey(marker));
    try {
      await this.table.deleteEntity(marker.aggregateType, rowKeyOf(marker.aggregateId), {
        etag: marker.etag,
      });
      return true;
    } catch (error) {
      if (isRestError(error, 412) || isRestError(error, 404)) return false;
      throw error;
    }
  }

  private async read(stream: StreamId): Promise<{ publishedThrough: number; etag: string } | undefined> {
    try {
      const entity = await this.table.getEntity(stream.aggregateType, rowKeyOf(stream.aggregateId));
      return { publishedThrough: Number(entity.PublishedThrough), etag: String(entity.etag) };
    } catch (error) {
      if (isRestError(error, 404)) return undefined;
      throw error;
    }
  }

  /** Runs `write`, creating the table first when it does not exist yet. */
  private async withTable<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (!isRestError(error, 404)) throw error;
      await this.table.createTable();
      return write();
    }
  }
}
