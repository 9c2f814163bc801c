// Money in the sample domains: decimal amounts with at most two decimals, computed in integer cents so
// that 0.1 + 0.2 is exactly 0.3.
import { z } from 'zod';

export const MAX_AMOUNT = 1_000_000_000;

export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

export function fromCents(cents: number): number {
  return cents / 100;
}

/** Adds two decimal amounts exactly (0.1 + 0.2 = 0.3). */
export function addAmounts(amount: number, other: number): number {
  return fromCents(toCents(amount) + toCents(other));
}

/**
 * True when `value` is the double nearest to a whole number of cents: 19.99 and 0.29 pass although neither
 * times 100 is an integer in binary; 0.005 or 1e-9 do not, however close they come to one.
 */
export function isWholeCents(value: number): boolean {
  return Number(value.toFixed(2)) === value;
}

const WHOLE_CENTS = 'must be a whole number of cents (at most 2 decimals)';

/** A positive amount: > 0, ≤ 1,000,000,000, a whole number of cents. */
export const amountSchema = z
  .number()
  .positive()
  .max(MAX_AMOUNT)
  .refine(isWholeCents, { message: WHOLE_CENTS })
  .meta({ description: 'A decimal amount with at most 2 decimals.' });

/** An amount or zero (e.g. an overdraft limit): one plain number range, so its JSON Schema is one too. */
export const amountOrZeroSchema = z
  .number()
  .min(0)
  .max(MAX_AMOUNT)
  .refine(isWholeCents, { message: WHOLE_CENTS })
  .meta({ description: 'A decimal amount with at most 2 decimals, or 0.' });

/** The ISO 4217 currency codes this runtime knows (from its ICU data), e.g. EUR, USD, JPY. */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export const currencySchema = z
  .string()
  .refine((code) => CURRENCIES.has(code), { message: 'must be an ISO 4217 currency code such as "EUR"' })
  .meta({ description: 'An ISO 4217 currency code, e.g. EUR.' });
