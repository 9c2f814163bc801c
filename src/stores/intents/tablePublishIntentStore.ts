// Publish intents as entities of one Azure Table (default `publishintents`): PartitionKey = aggregate type,
// RowKey = intent id. The table holds only the intents in flight, so the sweeper's scan stays small; the
// standing stream markers live in it too (tableStreamMarkers.ts).
import { odata, type TableClient } from '@azure/data-tables';
import { isRestError } from '../azureErrors.js';
import type { PublishIntent, PublishIntentStore } from './publishIntentStore.js';
import { TableStreamMarkers } from './tableStreamMarkers.js';

export class TablePublishIntentStore implements PublishIntentStore {
  readonly markers: TableStreamMarkers;

  constructor(private readonly table: TableClient) {
    this.markers = new TableStreamMarkers(table);
  }

  async record(intent: PublishIntent): Promise<void> {
    const entity = {
      partitionKey: intent.aggregateType,
      rowKey: intent.id,
      AggregateId: intent.aggregateId,
      FromVersion: intent.fromVersion,
      ToVersion: intent.toVersion,
      CreatedAt: intent.createdAt,
    };
    try {
      await this.table.createEntity(entity);
    } catch (error) {
      if (!isRestError(error, 404)) throw error;
      await this.table.createTable();
      await this.table.createEntity(entity);
    }
  }

  async remove(intent: PublishIntent): Promise<void> {
    try {
      await this.table.deleteEntity(intent.aggregateType, intent.id);
    } catch (error) {
      if (!isRestError(error, 404)) throw error;
    }
  }

  async *pagesCreatedBefore(cutoff: Date, pageSize: number): AsyncIterable<PublishIntent[]> {
    const filter = odata`CreatedAt le ${cutoff.toISOString()}`;
    const pages = this.table.listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: pageSize });
    try {
      for await (const page of pages) {
        yield page.map((entity) => ({
          id: entity.rowKey as string,
          aggregateType: entity.partitionKey as string,
          aggregateId: String(entity.AggregateId),
          fromVersion: Number(entity.FromVersion),
          toVersion: Number(entity.ToVersion),
          createdAt: String(entity.CreatedAt),
        }));
      }
    } catch (error) {
      if (!isRestError(error, 404)) throw error;
    }
  }
}
