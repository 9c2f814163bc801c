// GET /api/catalog and GET /api/streams/{aggregateType}: derived from the registries, and the same whatever store
// the configuration map gives a type (Table, Append Blob, File Share): only the catalog's `store` differs.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getCatalog } from '../../functions/catalog.js';
import { getStreamIds } from '../../functions/streams.js';
import type { Application } from '../../src/application.js';
import { aggregates } from '../../src/domain/aggregates.js';
import type { Catalog } from '../../src/http/catalog.js';
import { projections } from '../../src/projections/index.js';
import { createTestApplication, type StoreChoice, useApplicationInBlock } from '../support/application.js';
import { uniqueAggregateType } from '../support/envelopes.js';
import { callFunction, sendCommand } from '../support/functions.js';
import { emitter } from '../support/testAggregates.js';

const listStreams = (aggregateType: string, query = '') =>
  callFunction(getStreamIds, {
    url: `http://localhost:7071/api/streams/${aggregateType}${query}`,
    params: { aggregateType },
  });

async function listAll(aggregateType: string, limit: number) {
  const ids: string[] = [];
  const tokens: string[] = [];
  let continuation: string | undefined;
  do {
    const query = `?limit=${limit}${continuation ? `&continuation=${continuation}` : ''}`;
    const page = await listStreams(aggregateType, query);
    expect(page.status).toBe(200);
    const body = page.json as { aggregateIds: string[]; continuation?: string };
    expect(body.aggregateIds.length).toBeLessThanOrEqual(limit);
    ids.push(...body.aggregateIds);
    continuation = body.continuation;
    if (continuation) tokens.push(continuation);
  } while (continuation !== undefined && tokens.length < 20);
  return { ids, tokens };
}

const catalogs = new Map<StoreChoice, Catalog>();
const storeNames = { table: 'table', blob: 'append-blob', files: 'file-share' } as const;

describe.each(['table', 'blob', 'files'] as const)('on the %s store', (store) => {
  const listed = { ...emitter, type: uniqueAggregateType() };
  const other = { ...emitter, type: uniqueAggregateType() };
  const application: Application = useApplicationInBlock(
    createTestApplication({ store, aggregates: [...aggregates, listed, other] }),
  );
  const ids = ['a-1', 'b-2', 'C-3', 'd.4@x', 'e_5'];

  it('the catalog lists every registered aggregate type with its store, commands and events', async () => {
    const response = await callFunction(getCatalog, { url: 'http://localhost:7071/api/catalog' });
    expect(response.status).toBe(200);
    const catalog = response.json as unknown as Catalog;
    catalogs.set(store, catalog);
    expect(catalog.aggregateTypes.map(({ type }) => type)).toEqual(application.registry.aggregateTypes());
    const bank = catalog.aggregateTypes.find(({ type }) => type === 'bank.account');
    expect(bank?.store).toEqual({ name: store, type: storeNames[store] });
    expect(bank?.commands.map(({ name }) => name)).toEqual(['open', 'deposit', 'withdraw', 'close']);
    expect(bank?.events).toContainEqual({ type: 'AccountOpened', schemaVersion: 2 });
    expect(bank?.events).toContainEqual({ type: 'MoneyDeposited', schemaVersion: 1 });
    const open = bank?.commands.find(({ name }) => name === 'open');
    expect(open?.schema).toMatchObject({
      type: 'object',
      required: ['owner'],
      additionalProperties: false,
      properties: { owner: { type: 'string', minLength: 1, maxLength: 200 }, currency: { default: 'EUR' } },
    });
    const { $schema: _, ...deposit } = z.toJSONSchema(aggregates[0]?.commands.deposit as z.ZodType);
    expect(bank?.commands.find(({ name }) => name === 'deposit')?.schema).toEqual(deposit);
  });

  it('the catalog lists the projections and the workflows from their definitions', async () => {
    const catalog = (await callFunction(getCatalog, {})).json as unknown as Catalog;
    expect(catalog.projections.map(({ name, kind }) => `${name} ${kind}`)).toEqual(
      projections.map(({ name, kind }) => `${name} ${kind}`),
    );
    expect(catalog.projections.find(({ name }) => name === 'diary-items')?.handles).toEqual({
      'diary.item': ['ItemCreated', 'ItemRenamed', 'ItemRescheduled', 'ItemDeleted'],
    });
    expect(catalog.workflows).toEqual([
      {
        name: 'money-transfer',
        reactsTo: { 'bank.transfer': ['TransferRequested', 'TransferApproved'] },
        sends: [
          { aggregateType: 'bank.account', command: 'withdraw' },
          { aggregateType: 'bank.account', command: 'deposit' },
          { aggregateType: 'bank.transfer', command: 'complete' },
          { aggregateType: 'bank.transfer', command: 'fail' },
          { aggregateType: 'bank.transfer', command: 'expire' },
        ],
      },
    ]);
  });

  it('the catalog takes no query but the function key', async () => {
    const url = 'http://localhost:7071/api/catalog';
    expect((await callFunction(getCatalog, { url: `${url}?code=key` })).status).toBe(200);
    const refused = await callFunction(getCatalog, { url: `${url}?type=bank.account` });
    expect([refused.status, refused.json.code]).toEqual([400, 'validation-failed']);
  });

  it('lists the streams of one type page by page, following opaque continuation tokens', async () => {
    for (const id of ids) expect((await sendCommand(listed.type, id, 'emit', { count: 1 })).status).toBe(200);
    await sendCommand(other.type, 'z-9', 'emit', { count: 1 });
    const { ids: found, tokens } = await listAll(listed.type, 2);
    expect(found.sort()).toEqual([...ids].sort());
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect((await listAll(listed.type, 1000)).ids.sort()).toEqual([...ids].sort());
    const first = (await listStreams(listed.type)).json;
    expect((first.aggregateIds as string[]).sort()).toEqual([...ids].sort());
    expect(first.continuation).toBeUndefined();
  });

  it('refuses a continuation token that was altered or issued for another type', async () => {
    const [token = ''] = (await listAll(listed.type, 2)).tokens;
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString());
    const altered = Buffer.from(JSON.stringify({ ...decoded, token: `${decoded.token}x` })).toString(
      'base64url',
    );
    for (const bad of [altered, token.slice(0, -3), 'not-a-token', '%%%']) {
      const response = await listStreams(listed.type, `?continuation=${encodeURIComponent(bad)}`);
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ code: 'validation-failed' });
      expect(response.json.errors).toEqual([{ path: 'query.continuation', message: expect.any(String) }]);
    }
    const elsewhere = await listStreams(other.type, `?continuation=${token}`);
    expect(elsewhere.status).toBe(400);
    expect(JSON.stringify(elsewhere.json.errors)).toContain('another aggregate type');
  });

  it('answers a bad limit with 400, an unknown type with 404, a malformed one with 400', async () => {
    for (const query of [
      '?limit=0',
      '?limit=1001',
      '?limit=ten',
      '?limit=1.5',
      '?page=2',
      '?continuation=',
    ]) {
      const response = await listStreams(listed.type, query);
      expect(`${query}: ${response.status} ${response.json.code}`).toBe(`${query}: 400 validation-failed`);
    }
    const unknown = await listStreams('no.such-type');
    expect([unknown.status, unknown.json.code]).toEqual([404, 'unknown-aggregate-type']);
    const malformed = await listStreams('Bank Account');
    expect([malformed.status, malformed.json.code]).toEqual([400, 'invalid-identifier']);
  });
});

describe('whatever the store', () => {
  it('the catalog is the same but for the store each type is mapped to', () => {
    const withoutStores = (catalog: Catalog | undefined) => ({
      ...catalog,
      aggregateTypes: catalog?.aggregateTypes
        .filter(({ type }) => !type.startsWith('test.'))
        .map(({ store: _, ...rest }) => rest),
    });
    const [table, ...others] = ['table', 'blob', 'files'].map((store) =>
      withoutStores(catalogs.get(store as StoreChoice)),
    );
    // The aggregates, and one instance stream type per workflow.
    expect(table?.aggregateTypes?.length).toBe(aggregates.length + 1);
    for (const other of others) expect(other).toEqual(table);
  });
});
