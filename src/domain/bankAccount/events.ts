// Events of the `bank.account` sample aggregate. Amounts are decimal numbers as the customer entered them.
import type { DomainEvent } from '../decider.js';

export type AccountOpened = DomainEvent<'AccountOpened', { owner: string; overdraftLimit: number }>;
export type MoneyDeposited = DomainEvent<'MoneyDeposited', { amount: number }>;
export type MoneyWithdrawn = DomainEvent<'MoneyWithdrawn', { amount: number }>;
export type AccountClosed = DomainEvent<'AccountClosed', Record<string, never>>;

export type BankAccountEvent = AccountOpened | MoneyDeposited | MoneyWithdrawn | AccountClosed;

export const bankAccountEventTypes = [
  'AccountOpened',
  'MoneyDeposited',
  'MoneyWithdrawn',
  'AccountClosed',
] as const satisfies readonly BankAccountEvent['type'][];
