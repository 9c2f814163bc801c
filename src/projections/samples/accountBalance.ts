// `account-balance`: one snapshot per bank account with its owner, balance, overdraft limit, how many
// deposits and withdrawals it has had, and whether it is open. Amounts are summed in integer cents.

import { bankAccountEventTypes } from '../../domain/bankAccount/events.js';
import type { BankAccountEvent } from '../../domain/bankAccount/index.js';
import { assertNever } from '../../domain/decider.js';
import { addAmounts } from '../../domain/money.js';
import type { PerAggregateProjection } from '../projection.js';

export interface AccountBalance {
  accountId: string;
  owner: string;
  balance: number;
  overdraftLimit: number;
  deposits: number;
  withdrawals: number;
  status: 'open' | 'closed';
}

export const accountBalance: PerAggregateProjection<AccountBalance, BankAccountEvent> = {
  kind: 'per-aggregate',
  name: 'account-balance',
  handles: { 'bank.account': bankAccountEventTypes },
  initialState: (accountId) => ({
    accountId,
    owner: '',
    balance: 0,
    overdraftLimit: 0,
    deposits: 0,
    withdrawals: 0,
    status: 'open',
  }),
  apply(state, event) {
    switch (event.type) {
      case 'AccountOpened':
        return {
          ...state,
          owner: event.data.owner,
          overdraftLimit: event.data.overdraftLimit,
          status: 'open',
        };
      case 'MoneyDeposited':
        return {
          ...state,
          balance: addAmounts(state.balance, event.data.amount),
          deposits: state.deposits + 1,
        };
      case 'MoneyWithdrawn':
        return {
          ...state,
          balance: addAmounts(state.balance, -event.data.amount),
          withdrawals: state.withdrawals + 1,
        };
      case 'AccountClosed':
        return { ...state, status: 'closed' };
      default:
        return assertNever(event);
    }
  },
};
