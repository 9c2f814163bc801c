// Commands of the `bank.account` sample aggregate and the schemas that validate their payloads.
import { z } from 'zod';
import type { Command } from '../decider.js';
import { amountOrZeroSchema, amountSchema, currencySchema } from '../money.js';

export const bankAccountCommands = {
  open: z.strictObject({
    owner: z.string().trim().min(1).max(200),
    overdraftLimit: amountOrZeroSchema.default(0),
    currency: currencySchema.default('EUR'),
  }),
  deposit: z.strictObject({ amount: amountSchema }),
  withdraw: z.strictObject({ amount: amountSchema }),
  close: z.strictObject({}),
};

type Payload<Name extends keyof typeof bankAccountCommands> = z.output<(typeof bankAccountCommands)[Name]>;

export type BankAccountCommand =
  | Command<'open', Payload<'open'>>
  | Command<'deposit', Payload<'deposit'>>
  | Command<'withdraw', Payload<'withdraw'>>
  | Command<'close', Payload<'close'>>;
