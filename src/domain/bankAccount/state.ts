// The state of a bank account, folded from its events. Money is held in integer cents.
import { assertNever } from '../decider.js';
import { toCents } from '../money.js';
import type { BankAccountEvent } from './events.js';

export interface BankAccountState {
  status: 'new' | 'open' | 'closed';
  owner: string;
  currency: string;
  overdraftLimitInCents: number;
  balanceInCents: number;
}

export function initialState(): BankAccountState {
  return { status: 'new', owner: '', currency: 'EUR', overdraftLimitInCents: 0, balanceInCents: 0 };
}

export function evolve(state: BankAccountState, event: BankAccountEvent): BankAccountState {
  switch (event.type) {
    case 'AccountOpened':
      return {
        ...state,
        status: 'open',
        owner: event.data.owner,
        currency: event.data.currency,
        overdraftLimitInCents: toCents(event.data.overdraftLimit),
      };
    case 'MoneyDeposited':
      return { ...state, balanceInCents: state.balanceInCents + toCents(event.data.amount) };
    case 'MoneyWithdrawn':
      return { ...state, balanceInCents: state.balanceInCents - toCents(event.data.amount) };
    case 'AccountClosed':
      return { ...state, status: 'closed' };
    default:
      return assertNever(event);
  }
}
