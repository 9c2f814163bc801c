import { TableEventStore } from '../../src/stores/table/tableEventStore.js';
import { tableClient } from '../support/emulators.js';
import { describeEventStoreContract } from './eventStoreContract.js';

const store = new TableEventStore({ tableClient, tablePrefix: 'contract' });
describeEventStoreContract('Azure Table (Azurite)', () => store);
