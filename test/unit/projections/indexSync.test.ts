// Lists and classifiers keep one entry record per aggregate beside its tracking document: the record follows
// the tracking document (created, moved, removed), a stale record a slower runner wrote is corrected by
// reading the tracking document back, and keys an entry left are forgotten after the grace period.
import { describe, expect, it } from 'vitest';
import type { BankAccountEvent } from '../../../src/domain/bankAccount/index.js';
import { LEFT_GRACE_IN_MS, placed, syncIndex } from '../../../src/projections/indexSync.js';
import { ENTRY_PREFIX } from '../../../src/projections/listEntries.js';
import type { ProjectionDocument } from '../../../src/projections/projection.js';
import { accountsInArrears } from '../../../src/projections/samples/accountsInArrears.js';
import { diaryItems } from '../../../src/projections/samples/diaryItems.js';
import { InMemoryDocumentStore } from '../../../src/stores/documents/inMemoryDocumentStore.js';
import { given, stream } from './support.js';

const NOW = '2026-01-01T12:00:00.000Z';
const now = () => NOW;
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

/** Writes the tracking document of acc-1 at `version` with `balance`, placed after whatever was there. */
async function putTracking(
  documents: InMemoryDocumentStore<ProjectionDocument>,
  version: number,
  balance: number,
  at = NOW,
) {
  const existing = await documents.get('accounts-in-arrears', 'acc-1');
  const next = {
    projection: 'accounts-in-arrears',
    key: 'acc-1',
    asOfVersion: version,
    updatedAt: at,
    state: { balance },
  };
  await documents.put(
    'accounts-in-arrears',
    'acc-1',
    placed(accountsInArrears, next, existing?.document, at),
    {
      etag: existing?.etag,
    },
  );
}

const entries = async (
  documents: InMemoryDocumentStore<ProjectionDocument>,
  collection = 'accounts-in-arrears',
) => (await documents.list(collection, { prefix: ENTRY_PREFIX })).keys;

describe('syncing entry records with tracking documents', () => {
  it('creates the record of a member, removes it when the aggregate leaves, and then forgets the key', async () => {
    const documents = new InMemoryDocumentStore<ProjectionDocument>();
    await putTracking(documents, 2, -5);
    expect((await syncIndex(documents, 'accounts-in-arrears', accountsInArrears, 'acc-1', now)).writes).toBe(
      1,
    );
    expect(await entries(documents)).toEqual(['$entry/acc-1']);
    expect((await documents.get('accounts-in-arrears', '$entry/acc-1'))?.document).toMatchObject({
      aggregateId: 'acc-1',
      asOfVersion: 2,
      state: { id: 'acc-1' },
    });
    await putTracking(documents, 3, 5);
    expect((await documents.get('accounts-in-arrears', 'acc-1'))?.document.index).toEqual({
      left: [{ key: '$entry/acc-1', at: NOW }],
    });
    await syncIndex(documents, 'accounts-in-arrears', accountsInArrears, 'acc-1', now);
    expect(await entries(documents)).toEqual([]);
    const later = () => new Date(Date.parse(NOW) + LEFT_GRACE_IN_MS + 1).toISOString();
    await syncIndex(documents, 'accounts-in-arrears', accountsInArrears, 'acc-1', later);
    expect((await documents.get('accounts-in-arrears', 'acc-1'))?.document.index).toEqual({});
  });

  it('writes nothing when the records already agree, and follows the tracking version otherwise', async () => {
    const documents = new InMemoryDocumentStore<ProjectionDocument>();
    const sync = () => syncIndex(documents, 'accounts-in-arrears', accountsInArrears, 'acc-1', now);
    await putTracking(documents, 2, -5);
    await sync();
    const before = await documents.get('accounts-in-arrears', '$entry/acc-1');
    expect((await sync()).writes).toBe(0);
    expect(await documents.get('accounts-in-arrears', '$entry/acc-1')).toEqual(before);
    await putTracking(documents, 3, -7); // still a member: the record now reflects version 3
    expect((await sync()).writes).toBe(1);
    expect((await documents.get('accounts-in-arrears', '$entry/acc-1'))?.document.asOfVersion).toBe(3);
  });

  it('corrects a stale record written after the tracking document moved on', async () => {
    // A slow runner holding version 2 (overdrawn) writes the record after another runner wrote tracking version
    // 3 (repaid) and, finding no record, wrote nothing. Reading the tracking document back undoes it.
    const documents = new InMemoryDocumentStore<ProjectionDocument>();
    await putTracking(documents, 2, -5);
    const stale = (await documents.get('accounts-in-arrears', 'acc-1'))?.document as ProjectionDocument;
    await putTracking(documents, 3, 5);
    const slow: InMemoryDocumentStore<ProjectionDocument> = Object.create(documents);
    let first = true;
    slow.get = async (collection, key) => {
      // The slow runner's first read of the tracking document is the one it held: version 2.
      if (key === 'acc-1' && first) {
        first = false;
        return { document: stale, etag: 'stale' };
      }
      return documents.get(collection, key);
    };
    const result = await syncIndex(slow, 'accounts-in-arrears', accountsInArrears, 'acc-1', now);
    expect(result.writes).toBe(2);
    expect(await entries(documents)).toEqual([]);
  });

  it('moves a list entry when its sort key changes, deleting the record it left', async () => {
    const documents = new InMemoryDocumentStore<ProjectionDocument>();
    const item = (version: number, from: string) => ({
      projection: 'diary-items',
      key: 'i-1',
      asOfVersion: version,
      updatedAt: NOW,
      state: { id: 'i-1', title: 'T', from, to: '2032-01-01T00:00:00Z', version },
    });
    const first = placed(diaryItems, item(1, '2031-05-01T09:00:00+02:00'), undefined, NOW);
    const etag = await documents.put('diary-items', 'i-1', first, {});
    await syncIndex(documents, 'diary-items', diaryItems, 'i-1', now);
    expect(await entries(documents, 'diary-items')).toEqual(['$entry/2031-05-01T07:00:00.000Z/i-1']);
    await documents.put(
      'diary-items',
      'i-1',
      placed(diaryItems, item(2, '2031-04-01T00:00:00Z'), first, NOW),
      {
        etag,
      },
    );
    await syncIndex(documents, 'diary-items', diaryItems, 'i-1', now);
    expect(await entries(documents, 'diary-items')).toEqual(['$entry/2031-04-01T00:00:00.000Z/i-1']);
    expect(
      (await documents.get('diary-items', '$entry/2031-04-01T00:00:00.000Z/i-1'))?.document.state,
    ).toMatchObject({
      version: 2,
    });
  });
});
