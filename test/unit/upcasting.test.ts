// Event schema evolution: stored events of older schema versions are upcast on read (AccountOpened v1 had
// no currency), unknown types and versions newer than the code are refused with a clear reason.
import { describe, expect, it } from 'vitest';
import { bankAccount } from '../../src/domain/bankAccount/index.js';
import { currentSchemaVersion, UnreadableEventError, upcast } from '../../src/domain/upcasting.js';
import { thrownBy } from './support/thrown.js';

describe('upcasting', () => {
  it('writes AccountOpened at schema version 2 and everything else at 1', () => {
    expect(currentSchemaVersion(bankAccount, 'AccountOpened')).toBe(2);
    expect(currentSchemaVersion(bankAccount, 'MoneyDeposited')).toBe(1);
  });

  it('gives a version 1 AccountOpened the currency every account had then: EUR', () => {
    const event = upcast(bankAccount, {
      type: 'AccountOpened',
      schemaVersion: 1,
      data: { owner: 'Ada', overdraftLimit: 5 },
    });
    expect(event).toEqual({
      type: 'AccountOpened',
      data: { owner: 'Ada', overdraftLimit: 5, currency: 'EUR' },
    });
  });

  it('leaves current versions untouched', () => {
    const data = { owner: 'Ada', overdraftLimit: 0, currency: 'USD' };
    expect(upcast(bankAccount, { type: 'AccountOpened', schemaVersion: 2, data })).toEqual({
      type: 'AccountOpened',
      data,
    });
  });

  it('refuses an event type the aggregate does not know', () => {
    const error = thrownBy(() => upcast(bankAccount, { type: 'InterestPaid', schemaVersion: 1, data: {} }));
    expect(error).toBeInstanceOf(UnreadableEventError);
    expect((error as Error).message).toContain('unknown event type "InterestPaid"');
  });

  it('refuses a schema version newer than the code knows', () => {
    const error = thrownBy(() => upcast(bankAccount, { type: 'AccountOpened', schemaVersion: 3, data: {} }));
    expect((error as Error).message).toContain('schema version 3, newer than');
  });

  it('validates the currency as an ISO 4217 code, defaulting to EUR', () => {
    const open = bankAccount.commands.open;
    expect(open.parse({ owner: 'Ada' })).toEqual({ owner: 'Ada', overdraftLimit: 0, currency: 'EUR' });
    expect(open.safeParse({ owner: 'Ada', currency: 'USD' }).success).toBe(true);
    expect(open.safeParse({ owner: 'Ada', currency: 'usd' }).success).toBe(false);
    expect(open.safeParse({ owner: 'Ada', currency: 'XYZ' }).success).toBe(false);
  });
});
