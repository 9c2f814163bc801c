// Events of the `bank.transfer` sample aggregate.
import type { DomainEvent } from '../decider.js';

export type TransferRequested = DomainEvent<
  'TransferRequested',
  { from: string; to: string; amount: number; needsApproval: boolean }
>;
export type TransferApproved = DomainEvent<'TransferApproved', Record<string, never>>;
export type TransferCompleted = DomainEvent<'TransferCompleted', Record<string, never>>;
export type TransferFailed = DomainEvent<'TransferFailed', { reason: string }>;
export type TransferExpired = DomainEvent<'TransferExpired', { reason: 'approval-timeout' }>;

export type BankTransferEvent =
  | TransferRequested
  | TransferApproved
  | TransferCompleted
  | TransferFailed
  | TransferExpired;

export const bankTransferEventTypes = [
  'TransferRequested',
  'TransferApproved',
  'TransferCompleted',
  'TransferFailed',
  'TransferExpired',
] as const satisfies readonly BankTransferEvent['type'][];
