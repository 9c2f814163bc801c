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

function hasAtMostTwoDecimals(value: number): boolean {
  return Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;
}

/** A positive amount: > 0, ≤ 1,000,000,000, at most 2 decimals. */
export const amountSchema = z
  .number()
  .positive()
  .max(MAX_AMOUNT)
  .refine(hasAtMostTwoDecimals, { message: 'must have at most 2 decimals' });

/** An amount or zero (e.g. an overdraft limit). */
export const amountOrZeroSchema = z.union([z.literal(0), amountSchema]);

/** The ISO 4217 currency codes this runtime knows (from its ICU data), e.g. EUR, USD, JPY. */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export const currencySchema = z
  .string()
  .refine((code) => CURRENCIES.has(code), { message: 'must be an ISO 4217 currency code such as "EUR"' });
