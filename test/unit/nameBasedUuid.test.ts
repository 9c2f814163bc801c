// The hand-rolled v5 UUIDs are exactly the `uuid` package's: event ids and command ids must never change.
import { v5 as uuidv5 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { eventIdFor } from '../../src/commands/envelopes.js';
import { nameBasedUuids } from '../../src/shared/nameBasedUuid.js';

describe('name-based UUIDs', () => {
  const namespace = '0d4a2c3e-6f1b-5a8e-9c47-3b2e1f0a9d61';
  // Up to and past the 1,008 bytes the reused buffer holds, and a longer name after a shorter one.
  const names = [
    '',
    'bank.account/acc-1/1',
    'diary.item/Ω-≠-😀/99',
    'x'.repeat(1000),
    'x'.repeat(1008),
    'é'.repeat(600),
    'y'.repeat(5000),
  ];

  it.each(names)('equal the uuid package v5 of %j', (name) => {
    expect(nameBasedUuids(namespace)(name)).toBe(uuidv5(name, namespace));
  });

  it('give each name its own id when one generator hashes them in turn', () => {
    const ids = nameBasedUuids(namespace);
    expect(names.map((name) => ids(name))).toEqual(names.map((name) => uuidv5(name, namespace)));
  });

  it('give the event ids the stored events already carry', () => {
    expect(eventIdFor('bank.account', 'acc-1', 7)).toBe(uuidv5('bank.account/acc-1/7', namespace));
  });

  it('refuse a namespace that is not a UUID', () => {
    expect(() => nameBasedUuids('not-a-uuid')).toThrow(RangeError);
  });
});
