// What the money-transfer workflow remembers of one transfer: its terms, where the process stands, and whether
// an approval has been seen (it may arrive while an expiry is on its way).
import type { Recorded } from '../../workflow.js';

export type Phase =
  | 'new'
  | 'awaiting-approval'
  | 'expiring'
  | 'withdrawing'
  | 'depositing'
  | 'compensating'
  | 'completing'
  | 'failing'
  | 'done';

export interface TransferTerms {
  from: string;
  to: string;
  amount: number;
  needsApproval: boolean;
}

export interface MoneyTransferState {
  phase: Phase;
  /** The bank.transfer (also the instance id). */
  transferId: string;
  from: string;
  to: string;
  amount: number;
  approved: boolean;
  /** Why the transfer failed, once the workflow has decided it does. */
  reason?: string;
}

export function initialState(): MoneyTransferState {
  return { phase: 'new', transferId: '', from: '', to: '', amount: 0, approved: false };
}

export function evolve(state: MoneyTransferState, recorded: Recorded): MoneyTransferState {
  if (recorded.kind === 'input') {
    const { input } = recorded;
    if (input.kind === 'event' && input.event.type === 'TransferRequested') {
      const { from, to, amount } = input.event.data as TransferTerms;
      return { ...state, transferId: input.event.aggregateId, from, to, amount };
    }
    if (input.kind === 'event' && input.event.type === 'TransferApproved')
      return { ...state, approved: true };
    // An expiry refused because the approval won: back to waiting for the approval's event.
    if (input.kind === 'command-result' && input.command.commandName === 'expire' && !input.outcome.accepted)
      return { ...state, phase: 'awaiting-approval' };
    return state;
  }
  const { output } = recorded;
  switch (output.kind) {
    case 'schedule':
      return { ...state, phase: 'awaiting-approval' };
    case 'complete':
      return { ...state, phase: 'done' };
    case 'cancel':
      return state;
    case 'send':
      return { ...state, ...phaseOf(state, output.target.aggregateId, output.commandName, output.payload) };
  }
}

function phaseOf(state: MoneyTransferState, target: string, commandName: string, payload: unknown) {
  switch (commandName) {
    case 'withdraw':
      return { phase: 'withdrawing' as const };
    case 'deposit':
      return { phase: target === state.to ? ('depositing' as const) : ('compensating' as const) };
    case 'expire':
      return { phase: 'expiring' as const };
    case 'fail':
      return { phase: 'failing' as const, reason: (payload as { reason: string }).reason };
    default:
      return { phase: 'completing' as const };
  }
}
