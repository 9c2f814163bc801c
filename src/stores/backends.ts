// The one backend factory: for each store type of the configuration map, its event store and the stores that
// live beside it on the same connection (aggregate snapshots, projection documents, publish intents). Adding
// a store type is an adapter folder, its settings schema (config/configurationMap.ts), one case here and its
// contract-test file; the switch is exhaustive, so a missing case fails the type check.
import type { ImplementationConfig } from '../config/configurationMap.js';
import type { Environment } from '../config/settings.js';
import { AppendBlobEventStore } from './appendBlob/appendBlobEventStore.js';
import { blobServiceClient, shareServiceClient, tableClientFactory } from './azureClients.js';
import { BlobDocumentStore } from './documents/blobDocumentStore.js';
import type { DocumentStore } from './documents/documentStore.js';
import { InMemoryDocumentStore } from './documents/inMemoryDocumentStore.js';
import { LocalFileDocumentStore } from './documents/localFileDocumentStore.js';
import type { EventStore } from './eventStore.js';
import { FileShareEventStore } from './fileShare/fileShareEventStore.js';
import { InMemoryEventStore } from './inMemory/inMemoryEventStore.js';
import { InMemoryPublishIntentStore } from './intents/inMemoryPublishIntentStore.js';
import { LocalFilePublishIntentStore } from './intents/localFilePublishIntentStore.js';
import type { PublishIntentStore } from './intents/publishIntentStore.js';
import { TablePublishIntentStore } from './intents/tablePublishIntentStore.js';
import { LocalFileEventStore } from './localFile/localFileEventStore.js';
import { BlobSnapshotStore } from './snapshots/blobSnapshotStore.js';
import { InMemorySnapshotStore } from './snapshots/inMemorySnapshotStore.js';
import { LocalFileSnapshotStore } from './snapshots/localFileSnapshotStore.js';
import type { SnapshotStore } from './snapshots/snapshotStore.js';
import { TableEventStore } from './table/tableEventStore.js';

/** One configured implementation: its event store now, the others when first asked for. */
export interface Backend {
  events: EventStore;
  snapshots(): SnapshotStore;
  /** Documents in a container (Azure) or beside the store (Local File, In-Memory). */
  documents<D>(container: string): DocumentStore<D>;
  /** Publish intents in a table (every Azure storage account has the Table service), beside, or in memory. */
  publishIntents(table: string): PublishIntentStore;
}

export function createBackend(config: ImplementationConfig, env: Environment): Backend {
  switch (config.type) {
    case 'table': {
      const events = new TableEventStore({
        tableClient: tableClientFactory(config.connection, env),
        tablePrefix: config.tablePrefix,
      });
      return { events, ...azureStorage(config.connection, config.snapshotContainer, env) };
    }
    case 'append-blob': {
      const containerClient = blobServiceClient(config.connection, env).getContainerClient(config.container);
      const events = new AppendBlobEventStore({
        containerClient,
        maxBlocksPerBlob: config.maxBlocksPerBlob,
        checkpointEvery: config.checkpointEvery,
      });
      return { events, ...azureStorage(config.connection, config.snapshotContainer, env) };
    }
    case 'file-share': {
      const events = new FileShareEventStore({
        shareClient: shareServiceClient(config.connection, env).getShareClient(config.share),
        directory: config.directory,
        initialSizeInBytes: config.initialSizeInBytes,
        leaseStalenessInMs: config.leaseStalenessInMs,
        checkpointEvery: config.checkpointEvery,
      });
      return { events, ...azureStorage(config.connection, config.snapshotContainer, env) };
    }
    case 'local-file':
      return {
        events: new LocalFileEventStore({ folder: config.folder, fsync: config.fsync }),
        snapshots: once(() => new LocalFileSnapshotStore(`${config.folder}/.snapshots`)),
        documents: <D>() => new LocalFileDocumentStore<D>({ folder: `${config.folder}/.projections` }),
        publishIntents: () => new LocalFilePublishIntentStore(`${config.folder}/.publish-intents`),
      };
    case 'in-memory':
      return {
        events: new InMemoryEventStore(),
        snapshots: once(() => new InMemorySnapshotStore()),
        documents: <D>() => new InMemoryDocumentStore<D>(),
        publishIntents: () => new InMemoryPublishIntentStore(),
      };
    default: {
      const unknown: never = config;
      throw new Error(`No backend for store type ${JSON.stringify(unknown)}`);
    }
  }
}

/** Snapshots and documents in blob containers, intents in a table, all on the store's own connection. */
function azureStorage(connection: string, snapshotContainer: string, env: Environment) {
  const blobs = () => blobServiceClient(connection, env);
  return {
    snapshots: once(() => new BlobSnapshotStore(blobs().getContainerClient(snapshotContainer))),
    documents: <D>(container: string) => new BlobDocumentStore<D>(blobs().getContainerClient(container)),
    publishIntents: (table: string) =>
      new TablePublishIntentStore(tableClientFactory(connection, env)(table)),
  };
}

function once<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= create();
    return value;
  };
}
