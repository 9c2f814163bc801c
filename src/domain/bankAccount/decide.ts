// The rules of the `bank.account` sample aggregate.
import { AggregateNotFound, assertNever, DomainRuleViolated } from '../decider.js';
import { toCents } from '../money.js';
import type { BankAccountCommand } from './commands.js';
import type { BankAccountEvent } from './events.js';
import type { BankAccountState } from './state.js';

export function decide(command: BankAccountCommand, state: BankAccountState): BankAccountEvent[] {
  if (state.status === 'closed') {
    throw new DomainRuleViolated('account-closed', 'The account is closed.');
  }
  if (command.type === 'open') {
    if (state.status === 'open') {
      throw new DomainRuleViolated('account-already-open', 'The account is already open.');
    }
    return [{ type: 'AccountOpened', data: { ...command.data } }];
  }
  if (state.status === 'new') {
    throw new AggregateNotFound('The account does not exist; open it first.');
  }
  switch (command.type) {
    case 'deposit':
      return [{ type: 'MoneyDeposited', data: { amount: command.data.amount } }];
    case 'withdraw':
      return [withdraw(state, command.data.amount)];
    case 'close':
      if (state.balanceInCents !== 0) {
        throw new DomainRuleViolated(
          'balance-not-zero',
          'Only an account with a zero balance can be closed.',
        );
      }
      return [{ type: 'AccountClosed', data: {} }];
    default:
      return assertNever(command);
  }
}

function withdraw(state: BankAccountState, amount: number): BankAccountEvent {
  if (state.balanceInCents - toCents(amount) < -state.overdraftLimitInCents) {
    throw new DomainRuleViolated(
      'insufficient-funds',
      'The withdrawal would take the balance below the overdraft limit.',
    );
  }
  return { type: 'MoneyWithdrawn', data: { amount } };
}
