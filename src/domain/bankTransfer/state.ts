// The state of a transfer, folded from its events.
import { assertNever } from '../decider.js';
import type { BankTransferEvent } from './events.js';

export type TransferStatus = 'new' | 'awaiting-approval' | 'in-progress' | 'completed' | 'failed' | 'expired';

export interface BankTransferState {
  status: TransferStatus;
  from: string;
  to: string;
  amount: number;
  reason?: string;
}

export function initialState(): BankTransferState {
  return { status: 'new', from: '', to: '', amount: 0 };
}

export function evolve(state: BankTransferState, event: BankTransferEvent): BankTransferState {
  switch (event.type) {
    case 'TransferRequested': {
      const { from, to, amount, needsApproval } = event.data;
      return { status: needsApproval ? 'awaiting-approval' : 'in-progress', from, to, amount };
    }
    case 'TransferApproved':
      return { ...state, status: 'in-progress' };
    case 'TransferCompleted':
      return { ...state, status: 'completed' };
    case 'TransferFailed':
      return { ...state, status: 'failed', reason: event.data.reason };
    case 'TransferExpired':
      return { ...state, status: 'expired', reason: event.data.reason };
    default:
      return assertNever(event);
  }
}
