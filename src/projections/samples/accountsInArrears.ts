// `accounts-in-arrears`: a classifier whose group is every bank account with a negative balance. Its
// tracking state per account is just the balance (GET /api/projections/accounts-in-arrears/{id} shows it);
// the group is read in pages of ids (GET /api/projections/accounts-in-arrears?limit=&continuation=).

import { bankAccountEventTypes } from '../../domain/bankAccount/events.js';
import type { BankAccountEvent } from '../../domain/bankAccount/index.js';
import { addAmounts } from '../../domain/money.js';
import type { ClassifierDefinition } from '../projection.js';

export interface ArrearsTracking {
  balance: number;
}

export const accountsInArrears: ClassifierDefinition<ArrearsTracking, BankAccountEvent> = {
  kind: 'classifier',
  name: 'accounts-in-arrears',
  handles: { 'bank.account': bankAccountEventTypes },
  initialState: () => ({ balance: 0 }),
  apply(state, event) {
    switch (event.type) {
      case 'MoneyDeposited':
        return { balance: addAmounts(state.balance, event.data.amount) };
      case 'MoneyWithdrawn':
        return { balance: addAmounts(state.balance, -event.data.amount) };
      default:
        return state;
    }
  },
  isMember: (state) => state.balance < 0,
};
