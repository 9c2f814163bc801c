// The bank.account command payload schemas (zod): amounts, owner and strictness, exactly as issue 2 states.
import { describe, expect, it } from 'vitest';
import { bankAccount } from '../../src/domain/bankAccount/index.js';

const { open, deposit, withdraw, close } = bankAccount.commands;

const validAmounts = [0.01, 0.1, 1, 12.34, 999_999_999.99, 1_000_000_000];
const invalidAmounts: [string, unknown][] = [
  ['zero', 0],
  ['negative', -1],
  ['negative cent', -0.01],
  ['three decimals', 0.001],
  ['three decimals on a large amount', 123_456.789],
  ['one cent over the maximum', 1_000_000_000.01],
  ['far over the maximum', 1e12],
  ['a numeric string', '10'],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['null', null],
  ['missing', undefined],
];

describe.each([
  ['deposit', deposit],
  ['withdraw', withdraw],
])('%s amount', (_name, schema) => {
  it.each(validAmounts)('accepts %d', (amount) => {
    expect(schema.safeParse({ amount })).toEqual({ success: true, data: { amount } });
  });

  it.each(invalidAmounts)('rejects %s', (_label, amount) => {
    expect(schema.safeParse({ amount }).success).toBe(false);
  });

  it('rejects unknown extra fields', () => {
    expect(schema.safeParse({ amount: 1, currency: 'EUR' }).success).toBe(false);
  });
});

describe('open', () => {
  it('defaults overdraftLimit to 0', () => {
    expect(open.parse({ owner: 'Ada' })).toEqual({ owner: 'Ada', overdraftLimit: 0, currency: 'EUR' });
  });

  it.each([0, 0.01, 500, 1_000_000_000])('accepts overdraftLimit %d', (overdraftLimit) => {
    expect(open.parse({ owner: 'Ada', overdraftLimit })).toEqual({
      owner: 'Ada',
      overdraftLimit,
      currency: 'EUR',
    });
  });

  it.each([
    ['negative', -1],
    ['three decimals', 0.001],
    ['over the maximum', 1_000_000_000.01],
    ['a string', '0'],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['null', null],
  ])('rejects overdraftLimit %s', (_label, overdraftLimit) => {
    expect(open.safeParse({ owner: 'Ada', overdraftLimit }).success).toBe(false);
  });

  it('trims the owner', () => {
    expect(open.parse({ owner: '  Ada Lovelace \n' }).owner).toBe('Ada Lovelace');
  });

  it('accepts owners of 1 and 200 characters', () => {
    expect(open.parse({ owner: 'A' }).owner).toBe('A');
    expect(open.parse({ owner: 'x'.repeat(200) }).owner).toHaveLength(200);
  });

  it('counts the owner length after trimming', () => {
    expect(open.parse({ owner: ` ${'x'.repeat(200)} ` }).owner).toHaveLength(200);
  });

  it.each([
    ['empty', ''],
    ['whitespace only', ' \t\n '],
    ['201 characters', 'x'.repeat(201)],
    ['a number', 42],
    ['null', null],
    ['missing', undefined],
  ])('rejects an owner that is %s', (_label, owner) => {
    expect(open.safeParse({ owner }).success).toBe(false);
  });

  it('rejects unknown extra fields', () => {
    expect(open.safeParse({ owner: 'Ada', nickname: 'A' }).success).toBe(false);
  });
});

describe('close', () => {
  it('accepts {}', () => {
    expect(close.safeParse({})).toEqual({ success: true, data: {} });
  });

  it.each([
    ['an extra field', { reason: 'moving' }],
    ['null', null],
    ['an array', []],
    ['a string', 'close'],
  ])('rejects %s', (_label, payload) => {
    expect(close.safeParse(payload).success).toBe(false);
  });
});
