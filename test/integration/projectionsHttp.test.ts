// The read side's HTTP surface through the exported handlers, on every store: snapshots with their ETag,
// 304 for a current ETag, the 404 codes, 400 for names and keys that could not be blob names, and the
// rebuild endpoint.
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProjection, rebuildProjection } from '../../functions/projections.js';
import type { Application } from '../../src/application.js';
import {
  configurationMapFor,
  createTestApplication,
  STORES,
  type StoreChoice,
  useApplicationInBlock,
} from '../support/application.js';
import { uniqueId } from '../support/envelopes.js';
import { callFunction, sendCommand } from '../support/functions.js';

function isolatedApplication(store: StoreChoice): Application {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 10);
  const localFolder = `.data/test-projections-${suffix}`;
  const map = JSON.parse(configurationMapFor(store, { localFolder }));
  map.implementations.table.tablePrefix = `h${suffix}`;
  map.implementations.blob.container = `h-${suffix}`;
  map.implementations.files.share = `h-${suffix}`;
  map.projections.container = `h-${suffix}`;
  afterAll(() => rm(localFolder, { recursive: true, force: true }));
  return createTestApplication({ store, env: { ConfigurationMap: JSON.stringify(map) } });
}

function get(projection: string, key?: string, headers: Record<string, string> = {}) {
  const path = key === undefined ? projection : `${projection}/${encodeURIComponent(key)}`;
  const params: Record<string, string> = key === undefined ? { projection } : { projection, key };
  return callFunction(getProjection, {
    url: `http://localhost:7071/api/projections/${path}`,
    params,
    headers,
  });
}

function rebuild(projection: string) {
  return callFunction(rebuildProjection, {
    method: 'POST',
    url: `http://localhost:7071/api/projections/${projection}/rebuild`,
    params: { projection },
  });
}

describe.each(STORES)('the projections API on the %s store', (store) => {
  const application = useApplicationInBlock(isolatedApplication(store));
  const account = uniqueId('acc');
  const item = uniqueId('item');

  beforeAll(async () => {
    await sendCommand('bank.account', account, 'open', { owner: 'Ada', overdraftLimit: 100 });
    await sendCommand('bank.account', account, 'withdraw', { amount: 12.5 });
    await sendCommand('diary.item', item, 'create', {
      title: 'Stand-up',
      from: '2031-01-05T09:00:00Z',
      to: '2031-01-05T09:15:00Z',
    });
    for (const [aggregateType, aggregateId] of [
      ['bank.account', account],
      ['diary.item', item],
    ]) {
      const stream = { aggregateType: aggregateType as string, aggregateId: aggregateId as string };
      const { events } = await application.stores.forAggregateType(stream.aggregateType).readStream(stream);
      for (const event of events) await application.projections.runner.handle(event);
    }
  });

  it('answers a per-aggregate snapshot with its ETag, and 304 while that ETag is current', async () => {
    const response = await get('account-balance', account);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const stored = await application.projections.documents.get('account-balance', account);
    expect(response.headers.get('etag')).toBe(stored?.etag);
    expect(response.json).toEqual({ ...stored?.document });
    expect(response.json).toMatchObject({ projection: 'account-balance', key: account, asOfVersion: 2 });
    expect(response.json.state).toMatchObject({ balance: -12.5, withdrawals: 1 });
    const again = await get('account-balance', account, { 'if-none-match': stored?.etag ?? '' });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
  });

  it('answers global snapshots, and a classifier both as a group and per aggregate', async () => {
    const diary = await get('diary-items');
    expect(diary.status).toBe(200);
    expect(diary.headers.get('etag')).toMatch(/^".+"$/);
    expect(diary.json).toMatchObject({
      projection: 'diary-items',
      key: '$global',
      positions: { [`diary.item/${item}`]: 1 },
    });
    expect(diary.json.state).toEqual({
      items: [
        { id: item, title: 'Stand-up', from: '2031-01-05T09:00:00Z', to: '2031-01-05T09:15:00Z', version: 1 },
      ],
    });
    expect((await get('accounts-in-arrears')).json.state).toEqual({ members: [account] });
    expect((await get('accounts-in-arrears', account)).json).toMatchObject({
      asOfVersion: 2,
      state: { balance: -12.5 },
    });
  });

  it('answers 404 projection-not-found and snapshot-not-found', async () => {
    const unknown = await get('no-such-projection', account);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect(unknown.json).toMatchObject({ code: 'projection-not-found' });
    expect(unknown.json.projections).toContain('account-balance');
    for (const [projection, key] of [
      ['account-balance', uniqueId('nobody')],
      ['account-balance', undefined],
      ['diary-items', item],
      ['vehicle-summary', uniqueId('REG')],
    ] as const) {
      const response = await get(projection, key);
      expect([response.status, response.json.code]).toEqual([404, 'snapshot-not-found']);
    }
  });

  it('answers 400 invalid-identifier for names and keys that could not be blob names', async () => {
    for (const [projection, key] of [
      ['Account_Balance', account],
      ['../account-balance', account],
      ['account-balance', '$global'],
      ['account-balance', '../x'],
      ['account-balance', 'a/b'],
      ['account-balance', 'x'.repeat(129)],
    ] as const) {
      const response = await get(projection, key);
      expect([response.status, response.json.code]).toEqual([400, 'invalid-identifier']);
    }
  });

  it('rebuilds a projection on request, and refuses unknown or invalid names', async () => {
    const before = await application.projections.documents.get('account-balance', account);
    const response = await rebuild('account-balance');
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      projection: 'account-balance',
      kind: 'per-aggregate',
      streams: { 'bank.account': 1 },
      written: 0,
      unchanged: 1,
    });
    // Already right: left untouched.
    expect((await application.projections.documents.get('account-balance', account))?.etag).toBe(
      before?.etag,
    );
    expect((await rebuild('vehicle-summary')).json).toMatchObject({
      streams: { 'fleet.vehicle': 0 },
      written: 0,
    });
    expect((await rebuild('nothing-here')).json).toMatchObject({ status: 404, code: 'projection-not-found' });
    expect((await rebuild('Bad Name')).json).toMatchObject({ status: 400, code: 'invalid-identifier' });
  });
});
