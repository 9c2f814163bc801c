// The rules of the `bank.transfer` sample aggregate. A transfer above 10,000 waits for an approval; once it
// has ended (completed, failed, expired) nothing changes it any more.
import { AggregateNotFound, assertNever, DomainRuleViolated } from '../decider.js';
import { toCents } from '../money.js';
import type { BankTransferCommand } from './commands.js';
import type { BankTransferEvent } from './events.js';
import type { BankTransferState } from './state.js';

/** Transfers above this amount wait for an approval. */
export const APPROVAL_THRESHOLD = 10_000;

export function decide(command: BankTransferCommand, state: BankTransferState): BankTransferEvent[] {
  if (command.type === 'request') {
    if (state.status !== 'new')
      throw new DomainRuleViolated('transfer-already-requested', 'The transfer exists.');
    const needsApproval = toCents(command.data.amount) > toCents(APPROVAL_THRESHOLD);
    return [{ type: 'TransferRequested', data: { ...command.data, needsApproval } }];
  }
  if (state.status === 'new') throw new AggregateNotFound('The transfer does not exist; request it first.');
  if (state.status === 'expired')
    throw new DomainRuleViolated('transfer-expired', 'The transfer has expired.');
  if (state.status === 'completed' || state.status === 'failed') {
    throw new DomainRuleViolated('transfer-ended', `The transfer has ${state.status}.`);
  }
  switch (command.type) {
    case 'approve':
      if (state.status !== 'awaiting-approval') throw notAwaitingApproval();
      return [{ type: 'TransferApproved', data: {} }];
    case 'expire':
      if (state.status !== 'awaiting-approval') throw notAwaitingApproval();
      return [{ type: 'TransferExpired', data: { reason: 'approval-timeout' } }];
    case 'complete':
      if (state.status !== 'in-progress') throw new DomainRuleViolated('not-in-progress', 'Not in progress.');
      return [{ type: 'TransferCompleted', data: {} }];
    case 'fail':
      return [{ type: 'TransferFailed', data: { reason: command.data.reason } }];
    default:
      return assertNever(command);
  }
}

function notAwaitingApproval(): DomainRuleViolated {
  return new DomainRuleViolated('not-awaiting-approval', 'The transfer is not waiting for an approval.');
}
