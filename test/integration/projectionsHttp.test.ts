// The read side's HTTP surface through the exported handlers, on every store: documents with their ETag,
// 304 for a current ETag, pages of lists and groups (limit, continuation, the diary's dates), the 404 codes,
// 400 for names, keys and queries that are wrong, and the rebuild endpoint.
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProjection, getRebuildJob, rebuildProjection } from '../../functions/projections.js';
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
import { queueOf } from '../support/rebuildQueue.js';

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

function get(projection: string, key?: string, headers: Record<string, string> = {}, query = '') {
  const path = (key === undefined ? projection : `${projection}/${encodeURIComponent(key)}`) + query;
  const params: Record<string, string> = key === undefined ? { projection } : { projection, key };
  return callFunction(getProjection, {
    url: `http://localhost:7071/api/projections/${path}`,
    params,
    headers,
  });
}

function job(projection: string, id: string) {
  return callFunction(getRebuildJob, {
    url: `http://localhost:7071/api/projections/${projection}/rebuild/${id}`,
    params: { projection, job: id },
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
  const later = ['a', 'b', 'c'].map((suffix) => `${item}-${suffix}`);

  beforeAll(async () => {
    await sendCommand('bank.account', account, 'open', { owner: 'Ada', overdraftLimit: 100 });
    await sendCommand('bank.account', account, 'withdraw', { amount: 12.5 });
    await sendCommand('diary.item', item, 'create', {
      title: 'Stand-up',
      from: '2031-01-05T09:00:00Z',
      to: '2031-01-05T09:15:00Z',
    });
    for (const [n, id] of later.entries()) {
      const from = `2031-02-0${n + 1}T10:00:00+02:00`;
      await sendCommand('diary.item', id, 'create', {
        title: `Later ${n}`,
        from,
        to: '2031-03-01T00:00:00Z',
      });
    }
    for (const [aggregateType, aggregateId] of [
      ['bank.account', account],
      ['diary.item', item],
      ...later.map((id) => ['diary.item', id]),
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

  it('answers lists and groups in pages, and a classifier per aggregate too', async () => {
    const diary = await get('diary-items');
    expect(diary.status).toBe(200);
    expect(diary.json).toEqual({
      projection: 'diary-items',
      items: [
        { id: item, title: 'Stand-up', from: '2031-01-05T09:00:00Z', to: '2031-01-05T09:15:00Z', version: 1 },
        ...later.map((id, n) => expect.objectContaining({ id, title: `Later ${n}` })),
      ],
    });
    expect((await get('diary-items', item)).json).toMatchObject({
      asOfVersion: 1,
      index: { key: expect.any(String) },
    });
    expect((await get('accounts-in-arrears')).json).toEqual({
      projection: 'accounts-in-arrears',
      members: [account],
    });
    expect((await get('accounts-in-arrears', account)).json).toMatchObject({
      asOfVersion: 2,
      state: { balance: -12.5 },
    });
  });

  it('pages through a list with limit and continuation, and filters the diary by UTC day', async () => {
    const ids = (response: { json: Record<string, unknown> }) =>
      (response.json.items as { id: string }[]).map((entry) => entry.id);
    const first = await get('diary-items', undefined, {}, '?limit=3');
    expect(ids(first)).toEqual([item, later[0], later[1]]);
    const next = await get('diary-items', undefined, {}, `?limit=3&continuation=${first.json.continuation}`);
    expect(ids(next)).toEqual([later[2]]);
    expect(next.json.continuation).toBeUndefined();
    // 2031-02-01T10:00+02:00 is 08:00Z on 1 February; the range takes 1 and 2 February (UTC).
    const days = await get('diary-items', undefined, {}, '?from=2031-02-01&to=2031-02-02');
    expect(ids(days)).toEqual([later[0], later[1]]);
    const paged = await get('diary-items', undefined, {}, '?from=2031-01-06&limit=1');
    const rest = await get(
      'diary-items',
      undefined,
      {},
      `?from=2031-01-06&limit=5&continuation=${paged.json.continuation}`,
    );
    expect([...ids(paged), ...ids(rest)]).toEqual(later);
  });

  it('answers 400 validation-failed for a wrong page query, naming the parameter', async () => {
    for (const [query, path] of [
      ['?limit=0', 'query.limit'],
      ['?limit=201', 'query.limit'],
      ['?colour=red', 'query'],
      ['?continuation=not-ours', 'query.continuation'],
      ['?from=2031-02-30x', 'query.from'],
      ['?from=2031-03-01&to=2031-02-01', 'query.to'],
    ] as const) {
      const response = await get('diary-items', undefined, {}, query);
      expect([query, response.status, response.json.code]).toEqual([query, 400, 'validation-failed']);
      expect((response.json.errors as { path: string }[]).map((error) => error.path)).toContain(path);
    }
    const group = await get('accounts-in-arrears', undefined, {}, '?from=2031-01-01');
    expect([group.status, group.json.code]).toEqual([400, 'validation-failed']);
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
      ['diary-items', uniqueId('item')],
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

  it('starts a rebuild job on request (202 and where to poll it), and refuses unknown or invalid names', async () => {
    const before = await application.projections.documents.get('account-balance', account);
    const response = await rebuild('account-balance');
    expect(response.status).toBe(202);
    const url = `http://localhost:7071/api/projections/account-balance/rebuild/${response.json.id}`;
    expect(response.headers.get('location')).toBe(url);
    expect(response.json).toMatchObject({
      projection: 'account-balance',
      phase: 'starting',
      generation: 1,
      previous: 0,
      url,
    });
    // Asked again while it runs: the same job.
    expect((await rebuild('account-balance')).json.id).toBe(response.json.id);
    await queueOf(application).drain((body) => application.projections.rebuilds.work(body));
    const finished = await job('account-balance', response.json.id as string);
    expect(finished.status).toBe(200);
    expect(finished.json).toMatchObject({
      phase: 'finished',
      streams: { listed: 1, done: 1 },
      events: 2,
      skippedCount: 0,
      pages: { listed: 1, listingDone: true },
    });
    // Readers now read the new generation: the same document, rebuilt.
    const after = await get('account-balance', account);
    expect(after.json).toEqual({ ...before?.document, updatedAt: expect.any(String) });
    expect((await rebuild('nothing-here')).json).toMatchObject({ status: 404, code: 'projection-not-found' });
    expect((await rebuild('Bad Name')).json).toMatchObject({ status: 400, code: 'invalid-identifier' });
    for (const id of [randomUUID(), 'not-a-job']) {
      const missing = await job('account-balance', id);
      expect([missing.status, missing.json.code]).toEqual([404, 'rebuild-job-not-found']);
    }
  });
});
