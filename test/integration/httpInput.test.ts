// Issue 10, the input items, through the exported handlers (as the Functions host calls them): `?code=` on
// the stream routes (item 3), amounts below a cent (item 4), bounded error bodies (item 9), UTF-8 and
// repeated headers (item 10). Every refused command leaves the stream as it was.
import { beforeAll, describe, expect, it } from 'vitest';
import { getProjection } from '../../functions/projections.js';
import { createTestApplication, useApplication } from '../support/application.js';
import { uniqueId } from '../support/envelopes.js';
import { callFunction, readState, readStream, sendCommand } from '../support/functions.js';

useApplication(createTestApplication({ store: 'table' }));

const account = uniqueId('acc');

beforeAll(async () => {
  expect((await sendCommand('bank.account', account, 'open', { owner: 'Ada' })).status).toBe(200);
  expect((await sendCommand('bank.account', account, 'deposit', { amount: 10 })).status).toBe(200);
});

const versionOf = async (id: string) => (await readStream('bank.account', id)).json.version;
/** A header value as hosts hand it over: the UTF-8 bytes, one Latin-1 character each. */
const asSent = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

describe('item 3: the function key in the query string', () => {
  it('item 3: accepts and ignores ?code= on the stream routes', async () => {
    const stream = await readStream('bank.account', account, '?code=c2VjcmV0&limit=1');
    expect(stream.status).toBe(200);
    expect(stream.json).toMatchObject({ version: 2, events: [{ version: 1 }], nextFromVersion: 2 });
    const state = await readState('bank.account', account, '?asOfVersion=1&code=c2VjcmV0');
    expect(state.status).toBe(200);
    expect(state.json).toMatchObject({ version: 1, state: { balanceInCents: 0 } });
  });

  it('item 3: still refuses other unknown query parameters, naming the query', async () => {
    const response = await readStream('bank.account', account, '?code=x&from=1');
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ code: 'validation-failed', errors: [{ path: 'query' }] });
    const state = await readState('bank.account', account, '?code=x&asOfVersion=zero');
    expect(state.json).toMatchObject({ code: 'validation-failed', errors: [{ path: 'query.asOfVersion' }] });
  });
});

describe('item 4: amounts in whole cents', () => {
  it('item 4: refuses deposits of 1e-9, 0.001, 0.005 and 1.234 with 400, storing nothing', async () => {
    for (const amount of [1e-9, 0.001, 0.005, 1.234]) {
      const response = await sendCommand('bank.account', account, 'deposit', { amount });
      expect({ amount, status: response.status, json: response.json }).toMatchObject({
        amount,
        status: 400,
        json: { code: 'validation-failed', errors: [{ path: 'amount' }] },
      });
    }
    expect(await versionOf(account)).toBe(2);
  });

  it('item 4: accepts 0.29 and 19.99 but not 19.990000001, and the balance moves by exactly 20.28', async () => {
    const id = uniqueId('acc');
    await sendCommand('bank.account', id, 'open', { owner: 'Ada' });
    const statuses = [];
    for (const amount of [0.29, 19.99, 19.990000001]) {
      statuses.push((await sendCommand('bank.account', id, 'deposit', { amount })).status);
    }
    expect(statuses).toEqual([200, 200, 400]);
    expect((await readState('bank.account', id)).json).toMatchObject({
      version: 3,
      state: { balanceInCents: 2028 },
    });
  });
});

describe('item 9: error bodies stay small', () => {
  it('item 9: answers a body with 60,000 unknown keys in under 2 KB, storing nothing', async () => {
    const payload = Object.fromEntries(Array.from({ length: 60_000 }, (_, index) => [`k${index}`, index]));
    const response = await sendCommand('bank.account', account, 'deposit', { amount: 1, ...payload });
    expect(response.status).toBe(400);
    expect(response.body.length).toBeLessThan(2_000);
    expect(response.json.errors).toEqual([{ path: '', message: expect.stringContaining('and 59990 more') }]);
    expect(await versionOf(account)).toBe(2);
  });

  it('item 9: cuts an unknown aggregate type echoed in a 404', async () => {
    const type = `bank.${'a'.repeat(50_000)}`;
    const response = await sendCommand(type, account, 'deposit', { amount: 1 });
    expect(response.json.code).toBe('unknown-aggregate-type');
    // The echoed name is cut; the list of known types that follows grows with the app's aggregates.
    const detail = String(response.json.detail);
    expect(detail.slice(0, detail.indexOf('known:')).length).toBeLessThan(150);
    expect(detail).toContain('known: bank.account');
  });

  it('item 9: cuts an unknown projection name echoed in a 404', async () => {
    const projection = `p${'-q'.repeat(30)}`; // a valid name of 61 characters
    const long = await callFunction(getProjection, {
      params: { projection: `${projection}${'x'.repeat(50_000)}` },
    });
    expect(long.json.code).toBe('invalid-identifier');
    expect(String(long.json.detail).length).toBeLessThan(200);
  });
});

describe('item 10: header values', () => {
  it('item 10: stores UTF-8 X-Source, X-Commentary and principal name as text, not Latin-1 mojibake', async () => {
    const id = uniqueId('acc');
    await sendCommand('bank.account', id, 'open', { owner: 'Ada' });
    const response = await sendCommand(
      'bank.account',
      id,
      'deposit',
      { amount: 1 },
      {
        'x-source': asSent('kassa-Malmö'),
        'x-commentary': asSent('Lön € 東京 🙂'),
        'x-ms-client-principal-name': asSent('josé@contoso.com'),
      },
    );
    expect(response.status).toBe(200);
    const [, deposited] = (await readStream('bank.account', id)).json.events as { metadata: unknown }[];
    expect(deposited?.metadata).toMatchObject({
      source: 'kassa-Malmö',
      commentary: 'Lön € 東京 🙂',
      who: 'josé@contoso.com',
    });
  });

  it.each([
    ['x-correlation-id', 'checkout-1, checkout-2'],
    ['x-ms-client-principal-name', 'ada@contoso.com, eve@contoso.com'],
    ['idempotency-key', 'key-1, key-2'],
    ['if-match', '"2", "2"'],
  ])(
    'item 10: refuses %s joined from two headers with 400 naming it, storing nothing',
    async (name, joined) => {
      const response = await sendCommand(
        'bank.account',
        account,
        'deposit',
        { amount: 1 },
        { [name]: joined },
      );
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({
        code: 'validation-failed',
        errors: [{ path: `headers.${name}`, message: expect.stringContaining('sent once') }],
      });
      expect(await versionOf(account)).toBe(2);
    },
  );
});
