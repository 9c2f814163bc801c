// Commands of the `bank.transfer` sample aggregate: a customer requests a transfer between two accounts and,
// above the approval threshold, someone approves it; the money-transfer workflow sends the others.
import { z } from 'zod';
import { AGGREGATE_ID_RULE } from '../aggregateIds.js';
import type { Command } from '../decider.js';
import { amountSchema } from '../money.js';

const accountId = z.string().regex(AGGREGATE_ID_RULE, 'must be an account id');

export const bankTransferCommands = {
  request: z
    .strictObject({ from: accountId, to: accountId, amount: amountSchema })
    .refine((transfer) => transfer.from !== transfer.to, {
      message: '`from` and `to` must differ',
      path: ['to'],
    }),
  approve: z.strictObject({}),
  complete: z.strictObject({}),
  fail: z.strictObject({ reason: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a kebab-case reason') }),
  expire: z.strictObject({}),
};

type Payload<Name extends keyof typeof bankTransferCommands> = z.output<(typeof bankTransferCommands)[Name]>;

export type BankTransferCommand =
  | Command<'request', Payload<'request'>>
  | Command<'approve', Payload<'approve'>>
  | Command<'complete', Payload<'complete'>>
  | Command<'fail', Payload<'fail'>>
  | Command<'expire', Payload<'expire'>>;
