// The command endpoint over the exported handler, on Azurite: successful commands, their response contract
// and the Table entities they leave behind.
import { describe, expect, it } from 'vitest';
import { createTestApplication, useApplication } from '../support/application.js';
import { tableClient } from '../support/emulators.js';
import { uniqueId } from '../support/envelopes.js';
import { readStream, sendCommand } from '../support/functions.js';

useApplication(createTestApplication({ store: 'table' }));

describe('POST /api/commands/{aggregateType}/{aggregateId}/{commandName}', () => {
  it('opens an account: 200 with version, events, correlation id and ETag', async () => {
    const id = uniqueId('acc');
    const response = await sendCommand('bank.account', id, 'open', { owner: 'Ada' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('etag')).toBe('"1"');
    const correlationId = response.headers.get('x-correlation-id');
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.json).toEqual({
      aggregateType: 'bank.account',
      aggregateId: id,
      version: 1,
      events: [{ eventId: expect.stringMatching(/^[0-9a-f-]{36}$/), type: 'AccountOpened', version: 1 }],
      correlationId,
    });
  });

  it('echoes X-Correlation-Id and stamps it, the command name and who on the events', async () => {
    const id = uniqueId('acc');
    const headers = { 'x-correlation-id': 'order-42', 'x-ms-client-principal-name': 'ada@example.com' };
    const response = await sendCommand(
      'bank.account',
      id,
      'open',
      { owner: 'Ada', overdraftLimit: 50 },
      headers,
    );
    expect(response.headers.get('x-correlation-id')).toBe('order-42');
    expect(response.json.correlationId).toBe('order-42');
    const stream = await readStream('bank.account', id);
    const [event] = stream.json.events as { data: unknown; metadata: Record<string, unknown> }[];
    expect(event?.data).toEqual({ owner: 'Ada', overdraftLimit: 50, currency: 'EUR' });
    expect(event?.metadata).toMatchObject({
      correlationId: 'order-42',
      commandName: 'open',
      who: 'ada@example.com',
    });
  });

  it('runs the bank sample: deposit, withdraw into the overdraft, deposit back, close', async () => {
    const id = uniqueId('acc');
    await sendCommand('bank.account', id, 'open', { owner: 'Ada', overdraftLimit: 20 });
    expect((await sendCommand('bank.account', id, 'deposit', { amount: 100.1 })).json.version).toBe(2);
    expect((await sendCommand('bank.account', id, 'withdraw', { amount: 120.1 })).json.version).toBe(3);
    expect((await sendCommand('bank.account', id, 'deposit', { amount: 20 })).json.version).toBe(4);
    const closed = await sendCommand('bank.account', id, 'close');
    expect(closed.status).toBe(200);
    expect(closed.json.events).toEqual([expect.objectContaining({ type: 'AccountClosed', version: 5 })]);
  });

  it('accepts If-Match with the current version', async () => {
    const id = uniqueId('acc');
    await sendCommand('bank.account', id, 'open', { owner: 'Ada' });
    const response = await sendCommand('bank.account', id, 'deposit', { amount: 5 }, { 'if-match': '"1"' });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"2"');
  });

  it('writes Table entities with inverted row keys, a stream header and readable columns', async () => {
    const id = uniqueId('Acc');
    await sendCommand('bank.account', id, 'open', { owner: 'Ada' });
    await sendCommand('bank.account', id, 'deposit', { amount: 12.5 });
    const rows: Record<string, unknown>[] = [];
    for await (const entity of tableClient('itestBankAccount').listEntities({
      queryOptions: { filter: `PartitionKey eq '${id}'` },
    })) {
      rows.push(entity);
    }
    expect(rows.map((row) => row.rowKey)).toEqual([
      '9223372036854775805',
      '9223372036854775806',
      '9223372036854775807',
    ]);
    expect(rows[0]).toMatchObject({
      EventType: 'MoneyDeposited',
      Version: 2,
      amount: 12.5,
      CommandName: 'deposit',
    });
    expect(rows[1]).toMatchObject({
      EventType: 'AccountOpened',
      Version: 1,
      owner: 'Ada',
      overdraftLimit: 0,
    });
    expect(rows[2]).toMatchObject({ Version: 2, AggregateType: 'bank.account' });
  });

  it('runs a 99-event command as one append', async () => {
    const id = uniqueId('em');
    const response = await sendCommand('test.emitter', id, 'emit', { count: 99 });
    expect(response.status).toBe(200);
    expect(response.json.version).toBe(99);
    expect((await readStream('test.emitter', id, '?limit=1000')).json.events).toHaveLength(99);
  });
});
