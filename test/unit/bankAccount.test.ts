// The bank.account decider, rule by rule (issue 2): given past events, when a command, then events or a refusal.
import { describe, it } from 'vitest';
import { type BankAccountEvent, bankAccount } from '../../src/domain/bankAccount/index.js';
import { deciderSpec } from './support/decider.js';

const given = deciderSpec(bankAccount);

const opened = (overdraftLimit = 0): BankAccountEvent => ({
  type: 'AccountOpened',
  data: { owner: 'Ada', overdraftLimit, currency: 'EUR' },
});
const deposited = (amount: number): BankAccountEvent => ({ type: 'MoneyDeposited', data: { amount } });
const withdrawn = (amount: number): BankAccountEvent => ({ type: 'MoneyWithdrawn', data: { amount } });
const closed: BankAccountEvent = { type: 'AccountClosed', data: {} };

describe('bank.account: open', () => {
  it('opens a new account with overdraftLimit defaulting to 0', () => {
    given([])
      .when('open', { owner: 'Ada' })
      .then([opened(0)]);
  });

  it('keeps the overdraft limit it was given', () => {
    given([])
      .when('open', { owner: 'Ada', overdraftLimit: 250.5 })
      .then([{ type: 'AccountOpened', data: { owner: 'Ada', overdraftLimit: 250.5, currency: 'EUR' } }]);
  });

  it('opens an account in the currency it was given', () => {
    given([])
      .when('open', { owner: 'Ada', currency: 'JPY' })
      .then([{ type: 'AccountOpened', data: { owner: 'Ada', overdraftLimit: 0, currency: 'JPY' } }]);
  });

  it('refuses to open an account that is already open', () => {
    given([opened()]).when('open', { owner: 'Bob' }).thenRejects('account-already-open');
  });

  it('refuses to open an account that is already open even after activity', () => {
    given([opened(), deposited(10), withdrawn(10)])
      .when('open', { owner: 'Ada' })
      .thenRejects('account-already-open');
  });
});

describe('bank.account: deposit and withdraw', () => {
  it('deposits money', () => {
    given([opened()])
      .when('deposit', { amount: 12.34 })
      .then([deposited(12.34)]);
  });

  it('withdraws money within the balance', () => {
    given([opened(), deposited(100)])
      .when('withdraw', { amount: 40 })
      .then([withdrawn(40)]);
  });

  it('withdraws the whole balance when there is no overdraft', () => {
    given([opened(), deposited(10)])
      .when('withdraw', { amount: 10 })
      .then([withdrawn(10)]);
  });

  it('refuses one cent beyond the balance when there is no overdraft', () => {
    given([opened(), deposited(10)])
      .when('withdraw', { amount: 10.01 })
      .thenRejects('insufficient-funds');
  });

  it('refuses any withdrawal from an empty account without overdraft', () => {
    given([opened()]).when('withdraw', { amount: 0.01 }).thenRejects('insufficient-funds');
  });

  it('allows withdrawing exactly down to -overdraftLimit', () => {
    given([opened(100), deposited(50)])
      .when('withdraw', { amount: 150 })
      .then([withdrawn(150)]);
  });

  it('refuses a withdrawal one cent beyond -overdraftLimit', () => {
    given([opened(100), deposited(50)])
      .when('withdraw', { amount: 150.01 })
      .thenRejects('insufficient-funds');
  });

  it('refuses a further cent once the overdraft is fully used', () => {
    given([opened(100), withdrawn(100)])
      .when('withdraw', { amount: 0.01 })
      .thenRejects('insufficient-funds');
  });

  it('allows the largest withdrawal when the overdraft is the largest amount', () => {
    given([opened(1_000_000_000)])
      .when('withdraw', { amount: 1_000_000_000 })
      .then([withdrawn(1_000_000_000)]);
  });

  it('computes in cents: 0.3 deposited, 0.1 withdrawn, then 0.2 is still available', () => {
    // In floating point 0.3 - 0.1 - 0.2 is -2.8e-17, below zero.
    given([opened(), deposited(0.3), withdrawn(0.1)])
      .when('withdraw', { amount: 0.2 })
      .then([withdrawn(0.2)]);
  });

  it('computes in cents: 0.1 + 0.2 deposited allows withdrawing 0.3 but not 0.31', () => {
    given([opened(), deposited(0.1), deposited(0.2)])
      .when('withdraw', { amount: 0.3 })
      .then([withdrawn(0.3)]);
    given([opened(), deposited(0.1), deposited(0.2)])
      .when('withdraw', { amount: 0.31 })
      .thenRejects('insufficient-funds');
  });
});

describe('bank.account: close', () => {
  it('closes an account with a zero balance', () => {
    given([opened()]).when('close').then([closed]);
  });

  it('closes after 0.1 + 0.2 deposited and 0.3 withdrawn (exactly zero in cents)', () => {
    given([opened(), deposited(0.1), deposited(0.2), withdrawn(0.3)])
      .when('close')
      .then([closed]);
  });

  it('closes after 0.3 deposited and 0.1 + 0.2 withdrawn (exactly zero in cents)', () => {
    given([opened(), deposited(0.3), withdrawn(0.1), withdrawn(0.2)])
      .when('close')
      .then([closed]);
  });

  it('refuses to close with a positive balance', () => {
    given([opened(), deposited(0.01)])
      .when('close')
      .thenRejects('balance-not-zero');
  });

  it('refuses to close with a negative balance', () => {
    given([opened(50), withdrawn(0.01)])
      .when('close')
      .thenRejects('balance-not-zero');
  });
});

describe('bank.account: a stream with no events', () => {
  it.each([
    ['deposit', { amount: 1 }],
    ['withdraw', { amount: 1 }],
    ['close', {}],
  ] as const)('answers %s with AggregateNotFound', (command, payload) => {
    given([]).when(command, payload).thenNotFound();
  });
});

describe('bank.account: a closed account', () => {
  it.each([
    ['open', { owner: 'Ada' }],
    ['deposit', { amount: 1 }],
    ['withdraw', { amount: 1 }],
    ['close', {}],
  ] as const)('refuses %s with account-closed', (command, payload) => {
    given([opened(), closed]).when(command, payload).thenRejects('account-closed');
  });

  it('refuses a withdrawal within a former overdraft with account-closed, not insufficient-funds', () => {
    given([opened(100), closed])
      .when('withdraw', { amount: 0.01 })
      .thenRejects('account-closed');
  });
});
