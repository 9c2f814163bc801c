// Events of the `bank.account` sample aggregate. Amounts are decimal numbers as the customer entered them.
import type { DomainEvent, EventSchemas } from '../decider.js';

/** Schema version 2 added `currency` (version 1 accounts were all in euros). */
export type AccountOpened = DomainEvent<
  'AccountOpened',
  { owner: string; overdraftLimit: number; currency: string }
>;
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

/** AccountOpened v1 had no currency: every account opened then was in euros. */
export const bankAccountEventSchemas: EventSchemas<BankAccountEvent['type']> = {
  AccountOpened: {
    schemaVersion: 2,
    upcasters: { 1: (data) => ({ currency: 'EUR', ...(data as object) }) },
  },
};
