// Identifier rules: what may become a table key, blob name or file path (issue 2, item 7).
import { describe, expect, it } from 'vitest';
import { InvalidIdentifierError } from '../../src/errors.js';
import { assertAggregateId, assertAggregateType, assertCommandName } from '../../src/shared/identifiers.js';
import { thrownBy } from './support/thrown.js';

function expectInvalid(assert: (value: string) => string, value: string): InvalidIdentifierError {
  const error = thrownBy(() => assert(value));
  expect(error).toBeInstanceOf(InvalidIdentifierError);
  const invalid = error as InvalidIdentifierError;
  expect(invalid.code).toBe('invalid-identifier');
  expect(invalid.status).toBe(400);
  return invalid;
}

describe('aggregate ids', () => {
  it.each([
    ['a single character', 'a'],
    ['128 characters', 'a'.repeat(128)],
    ['an inner dot', 'a.b'],
    ['an e-mail-like id', 'x@y.z'],
    ['letters, digits, - and _', 'A-1_b'],
    ['a leading dash, underscore or @', '-_@x'],
    ['digits only', '0042'],
  ])('accepts %s', (_label, id) => {
    expect(assertAggregateId(id)).toBe(id);
  });

  it.each([
    ['a parent path', '../x'],
    ['a slash', 'a/b'],
    ['a backslash', 'a\\b'],
    ['a hash', 'a#b'],
    ['a question mark', 'a?b'],
    ['a percent sign', 'a%2Fb'],
    ['a space', 'a b'],
    ['a trailing newline', 'a\n'],
    ['the empty string', ''],
    ['129 characters', 'a'.repeat(129)],
    ['a leading dot', '.a'],
    ['a trailing dot', 'a.'],
    ['a lone dot', '.'],
    ['an accented letter', 'café'],
    ['a Greek letter', 'Ωmega'],
    ['a full-width letter', 'ａ'],
    ['an emoji', 'a😀'],
  ])('rejects %s', (_label, id) => {
    expectInvalid(assertAggregateId, id);
  });

  it('names the parameter and keeps the message short for a huge id', () => {
    const error = expectInvalid(assertAggregateId, `${'x'.repeat(10_000)}/`);
    expect(error.extensions).toEqual({ parameter: 'aggregateId' });
    expect(error.message.length).toBeLessThan(400);
  });
});

describe('aggregate types', () => {
  it.each(['bank.account', 'fleet.vehicle', 'sales.order-line', 'a.b.c', 'crm2.lead'])(
    'accepts %s',
    (type) => {
      expect(assertAggregateType(type)).toBe(type);
    },
  );

  it.each([
    'Bank.Account',
    'bank',
    'bank..account',
    '../x',
    '.bank.account',
    'bank.account.',
    'bank.-account',
    'bank.order--line',
    'bank/account',
    'bank.1account',
    '',
  ])('rejects %j', (type) => {
    expect(expectInvalid(assertAggregateType, type).extensions).toEqual({ parameter: 'aggregateType' });
  });
});

describe('command names', () => {
  it.each(['open', 'deposit', 'record-mileage', 'v2', 'a'.repeat(64)])('accepts %s', (name) => {
    expect(assertCommandName(name)).toBe(name);
  });

  it.each([
    'Deposit',
    'record_mileage',
    'record--mileage',
    '-deposit',
    'deposit-',
    '1deposit',
    'bank.deposit',
    'a'.repeat(65),
    '',
  ])('rejects %j', (name) => {
    expect(expectInvalid(assertCommandName, name).extensions).toEqual({ parameter: 'commandName' });
  });
});
