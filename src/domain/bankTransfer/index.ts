// The `bank.transfer` sample aggregate: money moved between two `bank.account`s by the money-transfer workflow
// (src/workflows/samples/moneyTransfer.ts). Customers send `request` and `approve`; the workflow sends
// `complete`, `fail` and `expire`.
import type { AggregateDefinition } from '../decider.js';
import { type BankTransferCommand, bankTransferCommands } from './commands.js';
import { decide } from './decide.js';
import { type BankTransferEvent, bankTransferEventTypes } from './events.js';
import { type BankTransferState, evolve, initialState } from './state.js';

export type { BankTransferCommand } from './commands.js';
export { APPROVAL_THRESHOLD } from './decide.js';
export type { BankTransferEvent, TransferRequested } from './events.js';
export type { BankTransferState, TransferStatus } from './state.js';

export const bankTransfer: AggregateDefinition<BankTransferState, BankTransferCommand, BankTransferEvent> = {
  type: 'bank.transfer',
  commands: bankTransferCommands,
  eventTypes: bankTransferEventTypes,
  decider: { initialState, decide, evolve },
};
