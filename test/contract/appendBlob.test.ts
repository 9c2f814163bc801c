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

// The same contract with a stream index checkpoint every 2 versions, so reads start from the index.
let indexed: AppendBlobEventStore | undefined;
describeEventStoreContract('Append Blob (Azurite), a checkpoint every 2 versions', () => {
  indexed ??= new AppendBlobEventStore({
    containerClient: blobServiceClient().getContainerClient(`contract-${randomUUID()}`),
    checkpointEvery: 2,
  });
  return indexed;
});
