import { randomUUID } from 'node:crypto';
import { AppendBlobEventStore } from '../../src/stores/appendBlob/appendBlobEventStore.js';
import { blobServiceClient } from '../support/emulators.js';
import { describeEventStoreContract } from './eventStoreContract.js';

let store: AppendBlobEventStore | undefined;
describeEventStoreContract('Append Blob (Azurite)', () => {
  store ??= new AppendBlobEventStore({
    containerClient: blobServiceClient().getContainerClient(`contract-${randomUUID()}`),
  });
  return store;
});
