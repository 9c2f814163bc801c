// Every aggregate the application serves. Add a new aggregate here and give it an entry in the
// configuration map if it should not use the default store.
import { bankAccount } from './bankAccount/index.js';
import { bankTransfer } from './bankTransfer/index.js';
import type { AggregateDefinition } from './decider.js';
import { diaryItem } from './diaryItem/index.js';
import { fleetVehicle } from './fleetVehicle/index.js';

export const aggregates: readonly AggregateDefinition[] = [
  bankAccount,
  diaryItem,
  fleetVehicle,
  bankTransfer,
];
