// Issue 10, items 2 and 5: a store that stops answering (a paused process) or refuses connections gets a
// deadline, and every route answers 503 store-unavailable with Retry-After: commands and stream reads
// instead of hanging for as long as the store is paused, projection reads instead of 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageConnectionString } from '../../emulators/azurite/index.js';
import { getProjection } from '../../functions/projections.js';
import { createTestApplication, STORES, useApplicationInBlock } from '../support/application.js';
import { emulators } from '../support/emulators.js';
import { uniqueId } from '../support/envelopes.js';
import { type FaultyProxy, startFaultyProxy } from '../support/faultyProxy.js';
import { callFunction, readState, readStream, sendCommand, type TestResponse } from '../support/functions.js';

const endpoints = Object.fromEntries(
  emulators()
    .storageConnectionString.split(';')
    .map((part) => part.split('=') as [string, string])
    .filter(([name]) => name.endsWith('Endpoint')),
);
const proxies: Record<'blob' | 'table' | 'file', FaultyProxy> = {
  blob: await startFaultyProxy(Number(new URL(endpoints.BlobEndpoint as string).port)),
  table: await startFaultyProxy(Number(new URL(endpoints.TableEndpoint as string).port)),
  file: await startFaultyProxy(Number(new URL(endpoints.FileEndpoint as string).port)),
};
afterAll(() => Promise.all(Object.values(proxies).map((proxy) => proxy.close())));
const throughProxies = storageConnectionString({
  blob: proxies.blob.url(endpoints.BlobEndpoint as string),
  table: proxies.table.url(endpoints.TableEndpoint as string),
  file: proxies.file.url(endpoints.FileEndpoint as string),
});
const setProxies = (mode: 'up' | 'refuse' | 'hang') => {
  for (const proxy of Object.values(proxies)) proxy.set(mode);
};

function expectUnavailable(response: TestResponse): void {
  expect(response.status).toBe(503);
  expect(response.json.code).toBe('store-unavailable');
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
}

const readProjection = (projection: string, key: string) =>
  callFunction(getProjection, {
    url: `http://localhost:7071/api/projections/${projection}/${key}`,
    params: { projection, key },
  });

describe.each(STORES.filter((store) => store !== 'memory' && store !== 'local'))('the %s store', (store) => {
  const application = createTestApplication({
    store,
    env: { EventStorage: throughProxies, StoreDeadlineInMs: '2000' },
  });
  useApplicationInBlock(application);
  const id = uniqueId('acc');

  beforeAll(async () => {
    setProxies('up');
    // On a loaded machine the 2 s deadline can cut the first request short too: asked again, as a client would
    // (with an Idempotency-Key, so a first attempt that did land is answered, not refused).
    const open = () =>
      sendCommand('bank.account', id, 'open', { owner: 'Ada' }, { 'Idempotency-Key': 'open' });
    let opened = await open();
    for (let tries = 1; tries < 5 && opened.status === 503; tries++) opened = await open();
    expect(opened.status).toBe(200);
    const { events } = await application.stores.forAggregateType('bank.account').readStream({
      aggregateType: 'bank.account',
      aggregateId: id,
    });
    for (const event of events) await application.projections.runner.handle(event);
  });
  afterAll(() => setProxies('up'));

  it('item 2: answers a command with 503 once the store stops answering, instead of waiting for it', async () => {
    setProxies('hang');
    expectUnavailable(await sendCommand('bank.account', id, 'deposit', { amount: 5 }));
    expectUnavailable(await sendCommand('bank.account', uniqueId('new'), 'open', { owner: 'Bo' }));
  });

  it('item 2: answers stream and state reads with 503 while the store does not answer', async () => {
    setProxies('hang');
    expectUnavailable(await readStream('bank.account', id));
    expectUnavailable(await readState('bank.account', id));
  });

  it('item 5: answers projection reads with 503 store-unavailable, whether storage hangs or refuses', async () => {
    setProxies('hang');
    expectUnavailable(await readProjection('account-balance', id));
    setProxies('refuse');
    const refused = await readProjection('account-balance', id);
    expectUnavailable(refused);
    expect(refused.body).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|ECONNRESET/);
  });

  it('serves again once the store answers again', async () => {
    setProxies('up');
    // The first calls may still meet connections the outage left behind; within a few tries it serves.
    let deposit = await sendCommand('bank.account', id, 'deposit', { amount: 5 });
    for (let tries = 1; tries < 5 && deposit.status === 503; tries++) {
      deposit = await sendCommand('bank.account', id, 'deposit', { amount: 5 });
    }
    expect([200, 409]).toContain(deposit.status);
    let read = await readProjection('account-balance', id);
    for (let tries = 1; tries < 5 && read.status === 503; tries++)
      read = await readProjection('account-balance', id);
    expect(read.status).toBe(200);
  });
});
