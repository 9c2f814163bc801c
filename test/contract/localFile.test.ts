import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFileEventStore } from '../../src/stores/localFile/localFileEventStore.js';
import { describeEventStoreContract } from './eventStoreContract.js';

const store = new LocalFileEventStore({ folder: mkdtempSync(join(tmpdir(), 'contract-local-file-')) });
describeEventStoreContract('Local File', () => store);
