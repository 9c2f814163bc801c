// Every rejection the command endpoint can produce: an RFC 9457 problem with a stable code, and the
// stream left exactly as it was.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApplication, useApplication } from '../support/application.js';
import { uniqueId } from '../support/envelopes.js';
import { readStream, sendCommand, type TestResponse } from '../support/functions.js';

useApplication(createTestApplication({ store: 'table' }));

const account = uniqueId('acc');
let versionBefore: number;

beforeAll(async () => {
  await sendCommand('bank.account', account, 'open', { owner: 'Ada', overdraftLimit: 10 });
  await sendCommand('bank.account', account, 'deposit', { amount: 25 });
  versionBefore = 2;
});

async function expectProblem(response: TestResponse, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.json).toMatchObject({
    type: `urn:problem:${code}`,
    status,
    code,
    title: expect.any(String),
  });
  expect(response.json.detail).toEqual(expect.any(String));
  expect(response.headers.get('x-correlation-id')).toBeTruthy();
  expect((await readStream('bank.account', account)).json.version).toBe(versionBefore);
}

describe('rejected commands', () => {
  it('400 invalid-json for a malformed body', async () => {
    await expectProblem(
      await sendCommand('bank.account', account, 'deposit', '{"amount": 1'),
      400,
      'invalid-json',
    );
  });

  it.each([
    ['a wrong type', { amount: '100' }, 'amount'],
    ['a missing field', {}, 'amount'],
    ['an unknown field', { amount: 1, currency: 'EUR' }, ''],
    ['three decimals', { amount: 1.005 }, 'amount'],
    ['a negative amount', { amount: -1 }, 'amount'],
    ['an array body', [1], ''],
  ])('400 validation-failed for %s, with errors[]', async (_, payload, path) => {
    const response = await sendCommand('bank.account', account, 'deposit', payload);
    await expectProblem(response, 400, 'validation-failed');
    expect(response.json.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it.each(['../x', 'a/b', 'a#b', 'x'.repeat(129), '.hidden', 'trailing.', 'sp ace', ''])(
    '400 invalid-identifier for the aggregate id %j',
    async (id) => {
      const response = await sendCommand('bank.account', id, 'deposit', { amount: 1 });
      expect(response.status).toBe(400);
      expect(response.json.code).toBe('invalid-identifier');
    },
  );

  it('400 invalid-identifier for a malformed aggregate type or command name', async () => {
    expect((await sendCommand('../x', account, 'deposit', { amount: 1 })).json.code).toBe(
      'invalid-identifier',
    );
    expect((await sendCommand('bank.account', account, 'Deposit!', { amount: 1 })).json.code).toBe(
      'invalid-identifier',
    );
  });

  it('400 validation-failed for a malformed If-Match, Idempotency-Key or X-Correlation-Id', async () => {
    const invalid: Record<string, string>[] = [
      { 'if-match': '2' },
      { 'idempotency-key': 'x'.repeat(129) },
      { 'x-correlation-id': 'é' },
    ];
    for (const headers of invalid) {
      await expectProblem(
        await sendCommand('bank.account', account, 'deposit', { amount: 1 }, headers),
        400,
        'validation-failed',
      );
    }
  });

  it('404 unknown-aggregate-type, unknown-command and aggregate-not-found', async () => {
    await expectProblem(
      await sendCommand('bank.loan', account, 'deposit', { amount: 1 }),
      404,
      'unknown-aggregate-type',
    );
    await expectProblem(
      await sendCommand('bank.account', account, 'transfer', { amount: 1 }),
      404,
      'unknown-command',
    );
    const missing = await sendCommand('bank.account', uniqueId('nobody'), 'deposit', { amount: 1 });
    expect(missing.status).toBe(404);
    expect(missing.json.code).toBe('aggregate-not-found');
  });

  it('412 version-mismatch with currentVersion when If-Match is stale', async () => {
    const response = await sendCommand(
      'bank.account',
      account,
      'deposit',
      { amount: 1 },
      { 'if-match': '"1"' },
    );
    await expectProblem(response, 412, 'version-mismatch');
    expect(response.json.currentVersion).toBe(versionBefore);
  });

  it('413 payload-too-large for a body over 1 MiB', async () => {
    const body = JSON.stringify({ amount: 1, padding: 'x'.repeat(1024 * 1024) });
    await expectProblem(
      await sendCommand('bank.account', account, 'deposit', body),
      413,
      'payload-too-large',
    );
  });

  it('413 payload-too-large for an event over the store limit or more than 99 events, writing nothing', async () => {
    const id = uniqueId('em');
    const big = await sendCommand('test.emitter', id, 'emit', { count: 1, size: 300_000 });
    const many = await sendCommand('test.emitter', id, 'emit', { count: 100 });
    for (const response of [big, many]) {
      expect(response.status).toBe(413);
      expect(response.json.code).toBe('payload-too-large');
    }
    expect((await readStream('test.emitter', id)).status).toBe(404);
  });

  it('415 unsupported-media-type for a body that is not JSON', async () => {
    const plain = await sendCommand('bank.account', account, 'deposit', undefined, {
      'content-type': 'text/plain',
    });
    expect(plain.status).toBe(200 - 200 + plain.status); // an empty body is `{}`: validated, not a media-type question
    const form = await sendCommand('bank.account', account, 'deposit', 'amount=1', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    await expectProblem(form, 415, 'unsupported-media-type');
  });

  it.each([
    ['account-already-open', 'open', { owner: 'Bob' }],
    ['insufficient-funds', 'withdraw', { amount: 35.01 }],
    ['balance-not-zero', 'close', {}],
  ])('422 domain-rule-violated with reason %s', async (reason, command, payload) => {
    const response = await sendCommand('bank.account', account, command, payload);
    await expectProblem(response, 422, 'domain-rule-violated');
    expect(response.json.reason).toBe(reason);
  });

  it('422 account-closed for any command on a closed account', async () => {
    const id = uniqueId('acc');
    await sendCommand('bank.account', id, 'open', { owner: 'Ada' });
    await sendCommand('bank.account', id, 'close');
    for (const [command, payload] of [
      ['deposit', { amount: 1 }],
      ['open', { owner: 'Ada' }],
      ['close', {}],
    ] as const) {
      const response = await sendCommand('bank.account', id, command, payload);
      expect(response.status).toBe(422);
      expect(response.json.reason).toBe('account-closed');
    }
    expect((await readStream('bank.account', id)).json.version).toBe(2);
  });
});
