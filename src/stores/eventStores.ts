// Builds the event stores the configuration map names, once each, and picks one per aggregate type.
import { TableClient } from '@azure/data-tables';
import type { ConfigurationMap, ImplementationConfig } from '../config/configurationMap.js';
import { settingsFor } from '../config/configurationMap.js';
import { resolveStorageConnection } from '../config/connections.js';
import type { Environment } from '../config/settings.js';
import { STORE_RETRY_OPTIONS } from './azureErrors.js';
import type { EventStore } from './eventStore.js';
import { InMemoryEventStore } from './inMemory/inMemoryEventStore.js';
import { LocalFileEventStore } from './localFile/localFileEventStore.js';
import { TableEventStore } from './table/tableEventStore.js';

export class EventStores {
  private readonly stores = new Map<string, EventStore>();

  constructor(
    private readonly map: ConfigurationMap,
    env: Environment,
  ) {
    // Create every store now, so a missing connection fails at start-up rather than on the first command.
    for (const [name, implementation] of Object.entries(map.implementations)) {
      this.stores.set(name, createEventStore(implementation, env));
    }
  }

  forAggregateType(aggregateType: string): EventStore {
    const { implementation } = settingsFor(this.map, aggregateType);
    const store = this.stores.get(implementation);
    if (!store) throw new Error(`Configuration map names unknown implementation ${implementation}`);
    return store;
  }

  /** Every configured store by implementation name, e.g. for the health check. */
  entries(): [string, EventStore][] {
    return [...this.stores.entries()];
  }

  async close(): Promise<void> {
    await Promise.all([...this.stores.values()].map((store) => store.close?.()));
  }
}

export function createEventStore(implementation: ImplementationConfig, env: Environment): EventStore {
  switch (implementation.type) {
    case 'table': {
      const connection = resolveStorageConnection(implementation.connection, 'table', env);
      const options = { retryOptions: STORE_RETRY_OPTIONS };
      const tableClient =
        connection.kind === 'connectionString'
          ? (table: string) =>
              TableClient.fromConnectionString(connection.connectionString, table, {
                ...options,
                allowInsecureConnection: connection.connectionString.includes('=http://'),
              })
          : (table: string) => new TableClient(connection.endpoint, table, connection.credential, options);
      return new TableEventStore({ tableClient, tablePrefix: implementation.tablePrefix });
    }
    case 'local-file':
      return new LocalFileEventStore({ folder: implementation.folder, fsync: implementation.fsync });
    case 'in-memory':
      return new InMemoryEventStore();
  }
}
