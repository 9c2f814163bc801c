// account-balance: given an account's events, then its balance, limit, counts and status.
import { describe, expect, it } from 'vitest';
import type { BankAccountEvent } from '../../../src/domain/bankAccount/index.js';
import { accountBalance } from '../../../src/projections/samples/accountBalance.js';
import { event, given, stream } from './support.js';

const account = (events: BankAccountEvent[]) =>
  given(accountBalance, 'acc-1', stream('bank.account', 'acc-1', events));
const opened: BankAccountEvent = {
  type: 'AccountOpened',
  data: { owner: 'Ada', overdraftLimit: 50.5, currency: 'EUR' },
};

describe('account-balance', () => {
  it('given open, deposit 100, withdraw 30, then a balance of 70 after one deposit and one withdrawal', () => {
    expect(
      account([
        opened,
        { type: 'MoneyDeposited', data: { amount: 100 } },
        { type: 'MoneyWithdrawn', data: { amount: 30 } },
      ]),
    ).toEqual({
      accountId: 'acc-1',
      owner: 'Ada',
      balance: 70,
      overdraftLimit: 50.5,
      deposits: 1,
      withdrawals: 1,
      status: 'open',
    });
  });

  it('adds decimal amounts in cents, so 0.1 + 0.2 is exactly 0.3', () => {
    const state = account([
      opened,
      { type: 'MoneyDeposited', data: { amount: 0.1 } },
      { type: 'MoneyDeposited', data: { amount: 0.2 } },
    ]);
    expect(state.balance).toBe(0.3);
    expect(state.deposits).toBe(2);
  });

  it('goes below zero within the overdraft', () => {
    const state = account([opened, { type: 'MoneyWithdrawn', data: { amount: 20.25 } }]);
    expect(state).toMatchObject({ balance: -20.25, withdrawals: 1, deposits: 0 });
  });

  it('given a closed account, then status closed', () => {
    expect(account([opened, { type: 'AccountClosed', data: {} }]).status).toBe('closed');
  });

  it('does not change the state it is given', () => {
    const before = account([opened]);
    const copy = structuredClone(before);
    accountBalance.apply(
      before,
      event('bank.account', 'acc-1', 2, { type: 'MoneyDeposited', data: { amount: 5 } }),
    );
    expect(before).toEqual(copy);
  });
});
