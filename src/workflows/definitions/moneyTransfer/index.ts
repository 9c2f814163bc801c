// The money-transfer workflow: moves `amount` from one bank.account to another for a bank.transfer. Withdraw
// from `from`; once that is accepted, deposit into `to`; once that is accepted, complete the transfer. A refused
// withdrawal fails the transfer with the refusal's reason. A refused deposit is compensated (the amount goes
// back into `from`) and the transfer fails with `target-refused`. A transfer that waits for an approval expires
// when its timer fires first. Money is never created or lost: every withdrawal is followed by exactly one
// deposit, into `to` or back into `from`.
import type {
  CommandOutcome,
  CommandResultInput,
  WorkflowDefinition,
  WorkflowOutput,
} from '../../workflow.js';
import { evolve, initialState, type MoneyTransferState, type TransferTerms } from './state.js';

export type { MoneyTransferState } from './state.js';

export interface MoneyTransferOptions {
  /** How long a transfer above the approval threshold waits for `approve` (TransferApprovalTimeoutInMs). */
  approvalTimeoutInMs: number;
}

const TRANSFER = 'bank.transfer';
const ACCOUNT = 'bank.account';
const APPROVAL_TIMER = 'approval-timeout';

export function moneyTransfer(options: MoneyTransferOptions): WorkflowDefinition<MoneyTransferState> {
  return {
    name: 'money-transfer',
    reactsTo: { [TRANSFER]: ['TransferRequested', 'TransferApproved'] },
    sends: [
      { aggregateType: ACCOUNT, command: 'withdraw' },
      { aggregateType: ACCOUNT, command: 'deposit' },
      { aggregateType: TRANSFER, command: 'complete' },
      { aggregateType: TRANSFER, command: 'fail' },
      { aggregateType: TRANSFER, command: 'expire' },
    ],
    instanceOf: (event) => (event.aggregateType === TRANSFER ? event.aggregateId : undefined),
    initialState,
    evolve,
    // `state` is as it was before the input: what the input itself brings is read from it.
    decide(input, state) {
      if (state.phase === 'done') return [];
      switch (input.kind) {
        case 'event':
          if (input.event.type === 'TransferRequested' && state.phase === 'new') {
            const terms = input.event.data as TransferTerms;
            if (!terms.needsApproval) return [withdraw({ ...state, ...terms })];
            const dueAt = new Date(Date.parse(input.at) + options.approvalTimeoutInMs).toISOString();
            return [{ kind: 'schedule', name: APPROVAL_TIMER, dueAt }];
          }
          if (input.event.type === 'TransferApproved' && state.phase === 'awaiting-approval')
            return [{ kind: 'cancel', name: APPROVAL_TIMER }, withdraw(state)];
          return [];
        case 'timer':
          return state.phase === 'awaiting-approval' ? [toTransfer(state, 'expire')] : [];
        case 'command-result':
          return afterResult(input, state);
      }
    },
  };
}

/** What follows a command's result, by the phase it was sent in. */
function afterResult(input: CommandResultInput, state: MoneyTransferState): WorkflowOutput[] {
  const { outcome } = input;
  switch (state.phase) {
    case 'withdrawing':
      return [outcome.accepted ? deposit(state.to, state) : fail(state, reasonOf(outcome))];
    case 'depositing':
      return [outcome.accepted ? toTransfer(state, 'complete') : deposit(state.from, state)];
    case 'compensating':
      // A source account closed since the withdrawal cannot take the money back; the failure says so.
      return [fail(state, outcome.accepted ? 'target-refused' : 'compensation-refused')];
    case 'expiring':
      if (outcome.accepted) return [{ kind: 'complete' }];
      // Refused because the approval won: go on if its event is already here, else wait for it.
      return state.approved ? [withdraw(state)] : [];
    default:
      return [{ kind: 'complete' }];
  }
}

function reasonOf(outcome: Extract<CommandOutcome, { accepted: false }>): string {
  return outcome.reason ?? outcome.code;
}

function withdraw(state: Pick<MoneyTransferState, 'from' | 'amount'>): WorkflowOutput {
  return send(ACCOUNT, state.from, 'withdraw', { amount: state.amount });
}

function deposit(account: string, state: MoneyTransferState): WorkflowOutput {
  return send(ACCOUNT, account, 'deposit', { amount: state.amount });
}

function fail(state: MoneyTransferState, reason: string): WorkflowOutput {
  return toTransfer(state, 'fail', { reason });
}

function toTransfer(state: MoneyTransferState, commandName: string, payload: unknown = {}): WorkflowOutput {
  return send(TRANSFER, state.transferId, commandName, payload);
}

function send(aggregateType: string, aggregateId: string, commandName: string, payload: unknown) {
  return { kind: 'send' as const, target: { aggregateType, aggregateId }, commandName, payload };
}
