// The `bank.account` sample aggregate: open an account, deposit, withdraw within an overdraft limit, close.
import type { AggregateDefinition } from '../decider.js';
import { type BankAccountCommand, bankAccountCommands } from './commands.js';
import { decide } from './decide.js';
import { type BankAccountEvent, bankAccountEventSchemas, bankAccountEventTypes } from './events.js';
import { type BankAccountState, evolve, initialState } from './state.js';

export type { BankAccountCommand } from './commands.js';
export type { BankAccountEvent } from './events.js';
export type { BankAccountState } from './state.js';

export const bankAccount: AggregateDefinition<BankAccountState, BankAccountCommand, BankAccountEvent> = {
  type: 'bank.account',
  commands: bankAccountCommands,
  eventTypes: bankAccountEventTypes,
  eventSchemas: bankAccountEventSchemas,
  decider: { initialState, decide, evolve },
};
