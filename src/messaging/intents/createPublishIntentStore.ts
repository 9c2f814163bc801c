// The publish intent store the configuration map asks for: an Azure Table on the named implementation's
// connection (every storage account has the Table service), its folder, or memory.
import type { ConfigurationMap } from '../../config/configurationMap.js';
import type { Environment } from '../../config/settings.js';
import { tableClientFactory } from '../../stores/azureClients.js';
import { InMemoryPublishIntentStore } from './inMemoryPublishIntentStore.js';
import { LocalFilePublishIntentStore } from './localFilePublishIntentStore.js';
import type { PublishIntentStore } from './publishIntentStore.js';
import { TablePublishIntentStore } from './tablePublishIntentStore.js';

export function createPublishIntentStore(map: ConfigurationMap, env: Environment): PublishIntentStore {
  const { store, table } = map.publishIntents;
  const implementation = map.implementations[store];
  switch (implementation?.type) {
    case 'table':
    case 'append-blob':
    case 'file-share':
      return new TablePublishIntentStore(tableClientFactory(implementation.connection, env)(table));
    case 'local-file':
      return new LocalFilePublishIntentStore(`${implementation.folder}/.publish-intents`);
    case 'in-memory':
      return new InMemoryPublishIntentStore();
    default:
      throw new Error(`publishIntents.store names unknown implementation ${store}`);
  }
}
