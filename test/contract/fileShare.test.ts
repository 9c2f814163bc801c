import { randomUUID } from 'node:crypto';
import { FileShareEventStore } from '../../src/stores/fileShare/fileShareEventStore.js';
import { shareServiceClient } from '../support/emulators.js';
import { describeEventStoreContract } from './eventStoreContract.js';

// A share of its own, created lazily by the store on the first append.
const shareName = `contract-${randomUUID().slice(0, 8)}`;
const store = new FileShareEventStore({
  shareClient: shareServiceClient().getShareClient(shareName),
  directory: 'streams/contract',
  initialSizeInBytes: 4096,
});
describeEventStoreContract('File Share (Files emulator)', () => store);

// The same contract with a stream index checkpoint every 2 versions, so reads start from the index.
const indexed = new FileShareEventStore({
  shareClient: shareServiceClient().getShareClient(`${shareName}-indexed`),
  directory: 'streams/contract',
  initialSizeInBytes: 4096,
  checkpointEvery: 2,
});
describeEventStoreContract('File Share (Files emulator), a checkpoint every 2 versions', () => indexed);
