// Picks the projection document store the configuration map names: a blob container on the connection of
// an Azure implementation, a `.projections` folder beside a Local File store, or memory.
import type { ConfigurationMap } from '../../config/configurationMap.js';
import type { Environment } from '../../config/settings.js';
import { blobServiceClient } from '../../stores/azureClients.js';
import { BlobDocumentStore } from './blobDocumentStore.js';
import type { ProjectionDocumentStore } from './documentStore.js';
import { InMemoryDocumentStore } from './inMemoryDocumentStore.js';
import { LocalFileDocumentStore } from './localFileDocumentStore.js';

export function createDocumentStore(map: ConfigurationMap, env: Environment): ProjectionDocumentStore {
  const { store, container } = map.projections;
  const implementation = map.implementations[store];
  if (!implementation)
    throw new Error(`Configuration map: projections.store names unknown implementation ${store}`);
  switch (implementation.type) {
    case 'table':
    case 'append-blob':
    case 'file-share':
      return new BlobDocumentStore(
        blobServiceClient(implementation.connection, env).getContainerClient(container),
      );
    case 'local-file':
      return new LocalFileDocumentStore({ folder: `${implementation.folder}/.projections` });
    case 'in-memory':
      return new InMemoryDocumentStore();
  }
}
