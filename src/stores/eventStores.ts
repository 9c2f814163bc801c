// Builds the event stores (and their snapshot stores) the configuration map names, once each, and gives
// the command pipeline the storage of each aggregate type.
import type { ConfigurationMap, ImplementationConfig } from '../config/configurationMap.js';
import { settingsFor } from '../config/configurationMap.js';
import type { Environment } from '../config/settings.js';
import { AppendBlobEventStore } from './appendBlob/appendBlobEventStore.js';
import { blobServiceClient, shareServiceClient, tableClientFactory } from './azureClients.js';
import { eventStoreWithDeadline, withDeadline } from './deadline.js';
import type { EventStore } from './eventStore.js';
import { FileShareEventStore } from './fileShare/fileShareEventStore.js';
import { InMemoryEventStore } from './inMemory/inMemoryEventStore.js';
import { LocalFileEventStore } from './localFile/localFileEventStore.js';
import { BlobSnapshotStore } from './snapshots/blobSnapshotStore.js';
import { InMemorySnapshotStore } from './snapshots/inMemorySnapshotStore.js';
import { LocalFileSnapshotStore } from './snapshots/localFileSnapshotStore.js';
import type { SnapshotStore } from './snapshots/snapshotStore.js';
import { TableEventStore } from './table/tableEventStore.js';

/** Where an aggregate type's streams and snapshots live, and how much history it keeps. */
export interface AggregateStorage {
  store: EventStore;
  /** Present when the type takes snapshots. */
  snapshots?: SnapshotStore;
  /** Take a snapshot every N events (with `snapshots`). */
  snapshotEvery?: number;
  idempotencyKeys: number;
}

export interface EventStoresOptions {
  /** A deadline on every storage call (StoreDeadlineInMs); none when absent. */
  deadlineInMs?: number;
}

interface Implementation {
  store: EventStore;
  snapshots: () => SnapshotStore;
}

export class EventStores {
  private readonly implementations = new Map<string, Implementation>();

  constructor(
    private readonly map: ConfigurationMap,
    env: Environment,
    options: EventStoresOptions = {},
  ) {
    // Every store is created now, so a missing connection fails at start-up rather than on the first command.
    for (const [name, config] of Object.entries(map.implementations)) {
      const implementation = createImplementation(config, env);
      // Memory always answers: no timer on its hot path.
      const deadlineInMs = options.deadlineInMs;
      if (deadlineInMs !== undefined && config.type !== 'in-memory') {
        implementation.store = eventStoreWithDeadline(implementation.store, deadlineInMs);
        implementation.snapshots = snapshotsWithDeadline(implementation.snapshots, deadlineInMs);
      }
      this.implementations.set(name, implementation);
    }
    for (const settings of Object.values(map.aggregates)) {
      if (settings.snapshotEvery) this.implementation(settings.store).snapshots();
    }
  }

  forAggregateType(aggregateType: string): EventStore {
    return this.implementation(settingsFor(this.map, aggregateType).store).store;
  }

  storageFor(aggregateType: string): AggregateStorage {
    const settings = settingsFor(this.map, aggregateType);
    const implementation = this.implementation(settings.store);
    return {
      store: implementation.store,
      snapshots: settings.snapshotEvery ? implementation.snapshots() : undefined,
      snapshotEvery: settings.snapshotEvery,
      idempotencyKeys: settings.idempotencyKeys,
    };
  }

  /** Every configured store by implementation name, e.g. for the health check. */
  entries(): [string, EventStore][] {
    return [...this.implementations.entries()].map(([name, { store }]) => [name, store]);
  }

  async close(): Promise<void> {
    await Promise.all([...this.implementations.values()].map(({ store }) => store.close?.()));
  }

  private implementation(name: string): Implementation {
    const implementation = this.implementations.get(name);
    if (!implementation) throw new Error(`Configuration map names unknown implementation ${name}`);
    return implementation;
  }
}

function createImplementation(config: ImplementationConfig, env: Environment): Implementation {
  const blobSnapshots = (connection: string, container: string) =>
    once(() => new BlobSnapshotStore(blobServiceClient(connection, env).getContainerClient(container)));
  switch (config.type) {
    case 'table': {
      const store = new TableEventStore({
        tableClient: tableClientFactory(config.connection, env),
        tablePrefix: config.tablePrefix,
      });
      return { store, snapshots: blobSnapshots(config.connection, config.snapshotContainer) };
    }
    case 'append-blob': {
      const containerClient = blobServiceClient(config.connection, env).getContainerClient(config.container);
      const store = new AppendBlobEventStore({
        containerClient,
        maxBlocksPerBlob: config.maxBlocksPerBlob,
        checkpointEvery: config.checkpointEvery,
      });
      return { store, snapshots: blobSnapshots(config.connection, config.snapshotContainer) };
    }
    case 'file-share': {
      const store = new FileShareEventStore({
        shareClient: shareServiceClient(config.connection, env).getShareClient(config.share),
        directory: config.directory,
        initialSizeInBytes: config.initialSizeInBytes,
        leaseStalenessInMs: config.leaseStalenessInMs,
        checkpointEvery: config.checkpointEvery,
      });
      return { store, snapshots: blobSnapshots(config.connection, config.snapshotContainer) };
    }
    case 'local-file':
      return {
        store: new LocalFileEventStore({ folder: config.folder, fsync: config.fsync }),
        snapshots: once(() => new LocalFileSnapshotStore(`${config.folder}/.snapshots`)),
      };
    case 'in-memory':
      return { store: new InMemoryEventStore(), snapshots: once(() => new InMemorySnapshotStore()) };
  }
}

function snapshotsWithDeadline(snapshots: () => SnapshotStore, deadlineInMs: number): () => SnapshotStore {
  return once(() => {
    const store = snapshots();
    return {
      read: (stream) => withDeadline('The snapshot store', deadlineInMs, () => store.read(stream)),
      write: (stream, document) =>
        withDeadline('The snapshot store', deadlineInMs, () => store.write(stream, document)),
    };
  });
}

function once<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= create();
    return value;
  };
}
