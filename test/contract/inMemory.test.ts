import { InMemoryEventStore } from '../../src/stores/inMemory/inMemoryEventStore.js';
import { describeEventStoreContract } from './eventStoreContract.js';

const store = new InMemoryEventStore();
describeEventStoreContract('In-Memory', () => store);
