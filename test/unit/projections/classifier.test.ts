// The classifier: accounts-in-arrears decides membership from its tracking state; the group document applies
// memberships by version, so a stale one never overrides a newer one, and a group write that raced with a
// newer tracking state is corrected by reading the tracking document back.
import { describe, expect, it } from 'vitest';
import type { BankAccountEvent } from '../../../src/domain/bankAccount/index.js';
import { applyMemberships, emptyGroup, type Group } from '../../../src/projections/classifier.js';
import { syncGroup } from '../../../src/projections/groupSync.js';
import { GLOBAL_KEY, type ProjectionDocument } from '../../../src/projections/projection.js';
import { accountsInArrears } from '../../../src/projections/samples/accountsInArrears.js';
import { InMemoryDocumentStore } from '../../../src/stores/documents/inMemoryDocumentStore.js';
import { given, stream } from './support.js';

const NOW = () => '2026-01-01T12:00:00.000Z';
const opened: BankAccountEvent = {
  type: 'AccountOpened',
  data: { owner: 'Ada', overdraftLimit: 100, currency: 'EUR' },
};
const tracking = (events: BankAccountEvent[]) =>
  given(accountsInArrears, 'acc-1', stream('bank.account', 'acc-1', [opened, ...events]));

describe('accounts-in-arrears membership', () => {
  it('given a balance below zero, then a member; back at zero or above, then not', () => {
    const overdrawn = tracking([{ type: 'MoneyWithdrawn', data: { amount: 0.01 } }]);
    expect(overdrawn).toEqual({ balance: -0.01 });
    expect(accountsInArrears.isMember(overdrawn)).toBe(true);
    const repaid = tracking([
      { type: 'MoneyWithdrawn', data: { amount: 0.1 } },
      { type: 'MoneyDeposited', data: { amount: 0.1 } },
    ]);
    expect(repaid).toEqual({ balance: 0 });
    expect(accountsInArrears.isMember(repaid)).toBe(false);
    expect(accountsInArrears.isMember(tracking([]))).toBe(false);
  });
});

describe('applying memberships to a group', () => {
  const key = (id: string) => `bank.account/${id}`;
  const group = (members: Record<string, number>): Group => ({
    state: { members: Object.keys(members).sort() },
    positions: Object.fromEntries(Object.entries(members).map(([id, version]) => [key(id), version])),
  });

  it('adds members in sorted order with the version they reflect', () => {
    const { group: next, changed } = applyMemberships(emptyGroup(), 'bank.account', [
      { aggregateId: 'b', version: 3, member: true },
      { aggregateId: 'a', version: 2, member: true },
      { aggregateId: 'c', version: 1, member: false },
    ]);
    expect(next).toEqual(group({ a: 2, b: 3 }));
    expect(changed).toEqual(['b', 'a']);
  });

  it('removes a member that left at a later version, and records a member staying at a later version', () => {
    const { group: next, changed } = applyMemberships(group({ a: 2, b: 3 }), 'bank.account', [
      { aggregateId: 'a', version: 4, member: false },
      { aggregateId: 'b', version: 5, member: true },
    ]);
    expect(next).toEqual(group({ b: 5 }));
    expect(changed).toEqual(['a', 'b']);
  });

  it('keeps an entry newer than the membership offered, and changes nothing for a repeat', () => {
    const current = group({ a: 7 });
    for (const membership of [
      { aggregateId: 'a', version: 6, member: false },
      { aggregateId: 'a', version: 7, member: true },
      { aggregateId: 'b', version: 3, member: false },
    ]) {
      expect(applyMemberships(current, 'bank.account', [membership])).toEqual({
        group: current,
        changed: [],
      });
    }
  });
});

describe('syncing the group with tracking documents', () => {
  const putTracking = async (documents: InMemoryDocumentStore, version: number, balance: number) => {
    const existing = await documents.get('accounts-in-arrears', 'acc-1');
    await documents.put(
      'accounts-in-arrears',
      'acc-1',
      {
        projection: 'accounts-in-arrears',
        key: 'acc-1',
        asOfVersion: version,
        updatedAt: NOW(),
        state: { balance },
      },
      { etag: existing?.etag },
    );
  };
  const members = async (documents: InMemoryDocumentStore) =>
    (await documents.get('accounts-in-arrears', GLOBAL_KEY))?.document;

  it('creates the group document on first use, even with no member', async () => {
    const documents = new InMemoryDocumentStore<ProjectionDocument>();
    await syncGroup(documents, accountsInArrears, [{ aggregateId: 'acc-1', version: 1, member: false }], NOW);
    expect(await members(documents)).toMatchObject({ positions: {}, state: { members: [] } });
  });

  it('corrects a stale "member" write when the tracking document has moved on meanwhile', async () => {
    // A runner holding version 5 (overdrawn) writes the group after another runner wrote tracking version 6
    // (repaid) and, finding the group already without acc-1, wrote nothing.
    const documents = new InMemoryDocumentStore<ProjectionDocument>();
    await putTracking(documents, 6, 10);
    const result = await syncGroup(
      documents,
      accountsInArrears,
      [{ aggregateId: 'acc-1', version: 5, member: true }],
      NOW,
    );
    expect(result.writes).toBe(2);
    expect(await members(documents)).toMatchObject({ positions: {}, state: { members: [] } });
  });

  it('writes nothing when the group already agrees', async () => {
    const documents = new InMemoryDocumentStore<ProjectionDocument>();
    await putTracking(documents, 2, -5);
    await syncGroup(documents, accountsInArrears, [{ aggregateId: 'acc-1', version: 2, member: true }], NOW);
    const before = await documents.get('accounts-in-arrears', GLOBAL_KEY);
    const again = await syncGroup(
      documents,
      accountsInArrears,
      [{ aggregateId: 'acc-1', version: 2, member: true }],
      NOW,
    );
    expect(again.writes).toBe(0);
    expect(await documents.get('accounts-in-arrears', GLOBAL_KEY)).toEqual(before);
    expect(before?.document).toMatchObject({
      positions: { 'bank.account/acc-1': 2 },
      state: { members: ['acc-1'] },
    });
  });
});
