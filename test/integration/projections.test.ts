// The projection runner on every store, fed envelopes read back from the store (as Service Bus would
// deliver them): the sample projections, duplicates, gaps, old event shapes and a crash inside a classifier.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Application } from '../../src/application.js';
import type { ProjectionDefinition, ProjectionDocumentStore } from '../../src/projections/projection.js';
import { ENTRIES_KEY, ProjectionRunner } from '../../src/projections/runner.js';
import type { EventEnvelope } from '../../src/stores/eventStore.js';
import { createTestApplication, documentStoreFor, STORES } from '../support/application.js';
import { makeEvents, uniqueId } from '../support/envelopes.js';
import { everyItem } from '../support/pages.js';

function harness(application: Application) {
  const { projections } = application;
  return {
    command: (aggregateType: string, aggregateId: string, commandName: string, payload: unknown = {}) =>
      application.commands.handle({
        aggregateType,
        aggregateId,
        commandName,
        payload,
        causationId: randomUUID(),
        correlationId: 'projections-test',
      }),
    envelopes: async (aggregateType: string, aggregateId: string): Promise<EventEnvelope[]> =>
      (await application.stores.forAggregateType(aggregateType).readStream({ aggregateType, aggregateId }))
        .events,
    deliver: async (events: EventEnvelope[], runner = projections.runner) => {
      const outcomes = [];
      for (const event of events) outcomes.push(...(await runner.handle(event)));
      return outcomes;
    },
    snapshot: (projection: string, key: string) => projections.documents.get(projection, key),
    /** Every item (or member) of a list or classifier, through its pages. */
    listed: (projection: string) => everyItem(projections.queries, projection),
    runnerWith: (documents: ProjectionDocumentStore, definitions?: readonly ProjectionDefinition[]) =>
      new ProjectionRunner({
        definitions: definitions ?? projections.definitions,
        documents,
        events: projections.events,
        aggregateTypes: application.registry.aggregateTypes(),
      }),
  };
}

/** An empty document store of the same kind as the application's (its own container or folder). */
function isolatedDocuments(application: Application): ProjectionDocumentStore {
  const map = structuredClone(application.settings.configurationMap);
  const suffix = randomUUID().slice(0, 8);
  map.projections.container = `itest-isolated-${suffix}`;
  const implementation = map.implementations[map.projections.store];
  if (implementation?.type === 'local-file')
    implementation.folder = `${implementation.folder}/isolated-${suffix}`;
  return documentStoreFor(map, application.settings.env);
}

describe.each(STORES)('projections on the %s store', (store) => {
  const application = createTestApplication({ store });
  const { command, envelopes, deliver, snapshot, listed, runnerWith } = harness(application);

  async function projectAll(aggregateType: string, id: string) {
    return deliver(await envelopes(aggregateType, id));
  }

  it('open, deposit 100, withdraw 30: account-balance shows 70 at asOfVersion 3', async () => {
    const id = uniqueId('acc');
    await command('bank.account', id, 'open', { owner: 'Ada', overdraftLimit: 25.5 });
    await command('bank.account', id, 'deposit', { amount: 100 });
    await command('bank.account', id, 'withdraw', { amount: 30 });
    await projectAll('bank.account', id);
    const stored = await snapshot('account-balance', id);
    expect(stored?.etag).toMatch(/^".+"$/);
    expect(stored?.document).toEqual({
      projection: 'account-balance',
      key: id,
      asOfVersion: 3,
      updatedAt: expect.any(String),
      state: {
        accountId: id,
        owner: 'Ada',
        balance: 70,
        overdraftLimit: 25.5,
        deposits: 1,
        withdrawals: 1,
        status: 'open',
      },
    });
  });

  it('an overdraft puts the account into accounts-in-arrears and a deposit takes it out', async () => {
    const id = uniqueId('acc');
    const members = () => listed('accounts-in-arrears');
    await command('bank.account', id, 'open', { owner: 'Bob', overdraftLimit: 100 });
    await command('bank.account', id, 'withdraw', { amount: 40.1 });
    await projectAll('bank.account', id);
    expect(await members()).toContain(id);
    // One small record per member, beside the account's tracking document.
    expect((await snapshot('accounts-in-arrears', `$entry/${id}`))?.document).toMatchObject({
      aggregateId: id,
      asOfVersion: 2,
      state: { id },
    });
    expect((await snapshot('accounts-in-arrears', id))?.document).toMatchObject({
      asOfVersion: 2,
      index: { key: `$entry/${id}` },
      state: { balance: -40.1 },
    });
    await command('bank.account', id, 'deposit', { amount: 40.1 });
    await projectAll('bank.account', id);
    expect(await members()).not.toContain(id);
    expect(await snapshot('accounts-in-arrears', `$entry/${id}`)).toBeUndefined();
  });

  it('diary items and vehicles show up in their projections', async () => {
    const [kept, deleted, vehicle] = [uniqueId('item'), uniqueId('item'), uniqueId('REG')];
    await command('diary.item', kept, 'create', {
      title: 'Dentist',
      from: '2031-05-01T09:00:00+02:00',
      to: '2031-05-01T10:00:00+02:00',
    });
    await command('diary.item', kept, 'rename', { title: 'Dentist (check-up)' });
    await command('diary.item', deleted, 'create', {
      title: 'Gone',
      from: '2031-05-01T06:00:00Z',
      to: '2031-05-01T07:00:00Z',
    });
    await command('diary.item', deleted, 'delete');
    await command('fleet.vehicle', vehicle, 'register', { make: 'Volvo', model: 'XC40', year: 2025 });
    await command('fleet.vehicle', vehicle, 'lease', { customer: 'Acme', until: '2031-01-01T00:00:00Z' });
    for (const [type, id] of [
      ['diary.item', kept],
      ['diary.item', deleted],
      ['fleet.vehicle', vehicle],
    ] as const) {
      await projectAll(type, id);
    }
    const items = (await listed('diary-items')) as { id: string }[];
    expect(items.find((item) => item.id === kept)).toEqual({
      id: kept,
      title: 'Dentist (check-up)',
      from: '2031-05-01T09:00:00+02:00',
      to: '2031-05-01T10:00:00+02:00',
      version: 2,
    });
    expect(items.some((item) => item.id === deleted)).toBe(false);
    for (const id of [kept, deleted])
      expect((await snapshot('diary-items', id))?.document.asOfVersion).toBe(2);
    // The deleted item's entry left; its record is gone.
    expect((await snapshot('diary-items', deleted))?.document.index?.key).toBeUndefined();
    expect(await snapshot('diary-items', `$entry/2031-05-01T06:00:00.000Z/${deleted}`)).toBeUndefined();
    expect((await snapshot('vehicle-summary', vehicle))?.document).toMatchObject({
      asOfVersion: 2,
      state: {
        registration: vehicle,
        make: 'Volvo',
        model: 'XC40',
        year: 2025,
        odometer: 0,
        leasedTo: 'Acme',
        status: 'leased',
      },
    });
  });

  it('a duplicated message leaves every snapshot unchanged (same ETag, same bytes, no write)', async () => {
    const [account, item] = [uniqueId('acc'), uniqueId('item')];
    await command('bank.account', account, 'open', { owner: 'Cy', overdraftLimit: 10 });
    await command('bank.account', account, 'withdraw', { amount: 5 });
    await command('diary.item', item, 'create', {
      title: 'T',
      from: '2031-01-01T00:00:00Z',
      to: '2031-01-01T01:00:00Z',
    });
    const events = [...(await envelopes('bank.account', account)), ...(await envelopes('diary.item', item))];
    // Documents of their own, so that no other test file writes the global ones meanwhile.
    const documents = isolatedDocuments(application);
    const runner = runnerWith(documents);
    await deliver(events, runner);
    const keys = [
      ['account-balance', account],
      ['accounts-in-arrears', account],
      ['accounts-in-arrears', `$entry/${account}`],
      ['diary-items', item],
      ['diary-items', `$entry/2031-01-01T00:00:00.000Z/${item}`],
    ] as const;
    const read = () => Promise.all(keys.map(([projection, key]) => documents.get(projection, key)));
    const before = await read();
    expect(before.every((stored) => stored !== undefined)).toBe(true);
    const outcomes = await deliver([...events, ...[...events].reverse()], runner);
    // Per pass: two account events × (balance, arrears tracking, arrears entries), one item × (tracking, entries).
    expect(outcomes).toHaveLength(2 * (2 * 3 + 2));
    expect(outcomes.every((outcome) => outcome.outcome === 'duplicate')).toBe(true);
    const after = await read();
    expect(after.map((stored) => [stored?.etag, JSON.stringify(stored?.document)])).toEqual(
      before.map((stored) => [stored?.etag, JSON.stringify(stored?.document)]),
    );
  });

  it('event 3 arriving before event 2 is healed from the store, for per-aggregate and global projections', async () => {
    const [account, item] = [uniqueId('acc'), uniqueId('item')];
    await command('bank.account', account, 'open', { owner: 'Di' });
    await command('bank.account', account, 'deposit', { amount: 10 });
    await command('bank.account', account, 'deposit', { amount: 20 });
    await command('diary.item', item, 'create', {
      title: 'Old',
      from: '2031-02-01T00:00:00Z',
      to: '2031-02-01T01:00:00Z',
    });
    await command('diary.item', item, 'rename', { title: 'New' });
    await command('diary.item', item, 'reschedule', {
      from: '2031-03-01T00:00:00Z',
      to: '2031-03-01T01:00:00Z',
    });
    const [opened, second, third] = await envelopes('bank.account', account);
    const [created, renamed, rescheduled] = await envelopes('diary.item', item);
    const outcomes = await deliver([opened, third, created, rescheduled] as EventEnvelope[]);
    expect(
      outcomes
        .filter((outcome) => outcome.gapFilled === 1)
        .map((outcome) => outcome.projection)
        .sort(),
    ).toEqual(['account-balance', 'accounts-in-arrears', 'diary-items']);
    expect((await snapshot('account-balance', account))?.document).toMatchObject({
      asOfVersion: 3,
      state: { balance: 30, deposits: 2 },
    });
    const items = (await listed('diary-items')) as { id: string }[];
    expect(items.find((entry) => entry.id === item)).toMatchObject({
      title: 'New',
      from: '2031-03-01T00:00:00Z',
      version: 3,
    });
    const late = await deliver([second, renamed] as EventEnvelope[]);
    expect(late.every((outcome) => outcome.outcome === 'duplicate')).toBe(true);
  });

  it('projects an old-shape AccountOpened (schema version 1, no currency) in its current shape', async () => {
    const id = uniqueId('legacy');
    const stream = { aggregateType: 'bank.account', aggregateId: id };
    const old = [
      { type: 'AccountOpened', schemaVersion: 1, data: { owner: 'Ada', overdraftLimit: 10 } },
      { type: 'MoneyDeposited', schemaVersion: 1, data: { amount: 5 } },
    ];
    const events = makeEvents(stream, 0, 2).map((envelope, index) => ({ ...envelope, ...old[index] }));
    await application.stores.forAggregateType('bank.account').appendToStream(stream, 0, events);
    await projectAll('bank.account', id);
    expect((await snapshot('account-balance', id))?.document).toMatchObject({
      asOfVersion: 2,
      state: { owner: 'Ada', overdraftLimit: 10, balance: 5, deposits: 1, status: 'open' },
    });
    // A projection that reads the field v2 added sees it, filled in by the upcaster.
    const currencies: ProjectionDefinition = {
      kind: 'per-aggregate',
      name: 'account-currency',
      handles: { 'bank.account': ['AccountOpened'] },
      initialState: () => ({ currency: null }),
      apply: (_state, event) => ({ currency: (event.data as { currency?: string }).currency ?? 'missing' }),
    };
    const documents = application.projections.documents;
    await deliver(await envelopes('bank.account', id), runnerWith(documents, [currencies]));
    expect((await documents.get('account-currency', id))?.document.state).toEqual({ currency: 'EUR' });
  });

  it("a crash between a classifier's tracking write and its entry record's heals on redelivery", async () => {
    const id = uniqueId('acc');
    await command('bank.account', id, 'open', { owner: 'Eve', overdraftLimit: 50 });
    await command('bank.account', id, 'withdraw', { amount: 20 });
    const [opened, withdrawn] = await envelopes('bank.account', id);
    await deliver([opened] as EventEnvelope[]);
    const documents = application.projections.documents;
    const crashing: ProjectionDocumentStore = {
      name: 'crashing',
      get: (projection, key) => documents.get(projection, key),
      list: (projection, options) => documents.list(projection, options),
      delete: (projection, key, options) => documents.delete(projection, key, options),
      put: async (projection, key, document, options) => {
        if (projection === 'accounts-in-arrears' && key.startsWith('$entry/')) throw new Error('host killed');
        return documents.put(projection, key, document, options);
      },
    };
    await expect(runnerWith(crashing).handle(withdrawn)).rejects.toThrow('host killed');
    const tracking = await snapshot('accounts-in-arrears', id);
    expect(tracking?.document).toMatchObject({ asOfVersion: 2, state: { balance: -20 } });
    const group = () => listed('accounts-in-arrears');
    expect(await group()).not.toContain(id);
    const outcomes = await deliver([withdrawn] as EventEnvelope[]);
    expect(outcomes).toContainEqual({
      projection: 'accounts-in-arrears',
      key: id,
      outcome: 'duplicate',
      gapFilled: 0,
    });
    expect(outcomes).toContainEqual({
      projection: 'accounts-in-arrears',
      key: ENTRIES_KEY,
      outcome: 'applied',
      gapFilled: 0,
    });
    expect(await group()).toContain(id);
    expect((await snapshot('accounts-in-arrears', id))?.etag).toBe(tracking?.etag);
  });
});
