// Event metadata from the HTTP request to the stored envelope and the streams API; the point-in-time state.
import { describe, expect, it } from 'vitest';
import { idempotencyKeyFor } from '../../src/commands/idempotency.js';
import { createTestApplication, useApplication } from '../support/application.js';
import { uniqueId } from '../support/envelopes.js';
import { readState, readStream, sendCommand } from '../support/functions.js';

const application = useApplication(createTestApplication({ store: 'table' }));

describe('event metadata', () => {
  it('carries who, source, commentary, correlation, causation, command name and key into the stored envelope', async () => {
    const id = uniqueId('acc');
    await sendCommand('bank.account', id, 'open', { owner: 'Ada' });
    const headers = {
      'x-correlation-id': 'checkout-991',
      'x-ms-client-principal-name': 'ada@contoso.com',
      'x-source': 'mobile-app/4.2',
      'x-commentary': 'Salary, November',
      'idempotency-key': 'pay-2026-11',
    };
    const response = await sendCommand('bank.account', id, 'deposit', { amount: 2500 }, headers);
    expect(response.status).toBe(200);
    const stored = (
      await application.stores
        .forAggregateType('bank.account')
        .readStream({ aggregateType: 'bank.account', aggregateId: id })
    ).events[1];
    const expected = {
      correlationId: 'checkout-991',
      commandName: 'deposit',
      who: 'ada@contoso.com',
      source: 'mobile-app/4.2',
      commentary: 'Salary, November',
      idempotencyKey: 'pay-2026-11',
      causationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      // The command's trace context, so a republished event still joins its trace.
      traceparent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/),
    };
    expect(stored?.metadata).toEqual(expected);
    const listed = (await readStream('bank.account', id)).json.events as { metadata: unknown }[];
    expect(listed[1]?.metadata).toEqual(stored?.metadata);
  });

  it('records who as anonymous without App Service authentication, and refuses over-long headers', async () => {
    const id = uniqueId('acc');
    await sendCommand('bank.account', id, 'open', { owner: 'Ada' });
    const [opened] = (await readStream('bank.account', id)).json.events as { metadata: { who?: string } }[];
    expect(opened?.metadata.who).toBe('anonymous');
    const long = await sendCommand(
      'bank.account',
      id,
      'deposit',
      { amount: 1 },
      { 'x-commentary': 'x'.repeat(1001) },
    );
    expect(long.json).toMatchObject({
      code: 'validation-failed',
      errors: [{ path: 'headers.x-commentary' }],
    });
  });

  it('stamps a strictly increasing sequence across aggregates within the process', async () => {
    const ids = [uniqueId('a'), uniqueId('b')];
    for (const id of ids) await sendCommand('bank.account', id, 'open', { owner: 'Ada' });
    await sendCommand('bank.account', ids[0] as string, 'deposit', { amount: 1 });
    const sequences = [];
    for (const id of ids) {
      for (const event of (await readStream('bank.account', id)).json.events as { sequence: number }[]) {
        sequences.push(event.sequence);
      }
    }
    const [a1, a2, b1] = sequences as [number, number, number];
    expect(a1).toBeLessThan(b1);
    expect(b1).toBeLessThan(a2);
  });

  it("derives deterministic idempotency keys from a command's identifying parts", () => {
    const key = idempotencyKeyFor({ order: 'SO-1', line: 2 });
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idempotencyKeyFor({ line: 2, order: 'SO-1' })).toBe(key);
    expect(idempotencyKeyFor({ order: 'SO-1', line: 3 })).not.toBe(key);
  });
});

describe('GET /api/streams/{aggregateType}/{aggregateId}/state', () => {
  it('returns the state after a given version, or the latest', async () => {
    const id = uniqueId('acc');
    await sendCommand('bank.account', id, 'open', { owner: 'Ada', overdraftLimit: 100 });
    for (const amount of [10, 20, 30]) await sendCommand('bank.account', id, 'deposit', { amount });
    const asOf2 = await readState('bank.account', id, '?asOfVersion=2');
    expect(asOf2.status).toBe(200);
    expect(asOf2.json).toMatchObject({
      version: 2,
      streamVersion: 4,
      state: { balanceInCents: 1000, status: 'open' },
    });
    expect(asOf2.headers.get('etag')).toBe('"2"');
    const latest = await readState('bank.account', id);
    expect(latest.json).toMatchObject({ version: 4, state: { balanceInCents: 6000 } });
  });

  it('answers 400 beyond the end of the stream and 404 for a stream with no events', async () => {
    const id = uniqueId('acc');
    await sendCommand('bank.account', id, 'open', { owner: 'Ada' });
    const beyond = await readState('bank.account', id, '?asOfVersion=5');
    expect(beyond.json).toMatchObject({ code: 'validation-failed', errors: [{ path: 'query.asOfVersion' }] });
    expect((await readState('bank.account', uniqueId('none'))).json.code).toBe('aggregate-not-found');
    expect((await readState('bank.account', id, '?asOfVersion=0')).status).toBe(400);
  });
});
