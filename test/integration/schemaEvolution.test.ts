// Event schema evolution on every store: AccountOpened events written in the old shape (schema version 1,
// no currency) still load and accept commands; the streams API shows them as stored; an event type the
// code does not know fails clearly, naming the stream and the version.
import { describe, expect, it } from 'vitest';
import { createTestApplication, STORES, useApplicationInBlock } from '../support/application.js';
import { makeEvents, uniqueId } from '../support/envelopes.js';
import { readState, readStream, sendCommand } from '../support/functions.js';

describe.each(STORES)('schema evolution on the %s store', (store) => {
  const application = useApplicationInBlock(createTestApplication({ store }));

  async function writeDirectly(
    aggregateId: string,
    events: { type: string; schemaVersion: number; data: unknown }[],
  ) {
    const stream = { aggregateType: 'bank.account', aggregateId };
    const envelopes = makeEvents(stream, 0, events.length).map((envelope, index) => ({
      ...envelope,
      ...events[index],
    }));
    await application.stores.forAggregateType('bank.account').appendToStream(stream, 0, envelopes);
  }

  it('loads an old-shape AccountOpened (v1, no currency) and accepts new commands on it', async () => {
    const id = uniqueId('legacy');
    await writeDirectly(id, [
      { type: 'AccountOpened', schemaVersion: 1, data: { owner: 'Ada', overdraftLimit: 10 } },
      { type: 'MoneyDeposited', schemaVersion: 1, data: { amount: 5 } },
    ]);
    const withdrawn = await sendCommand('bank.account', id, 'withdraw', { amount: 15 });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.json.version).toBe(3);
    const state = await readState('bank.account', id);
    expect(state.json.state).toEqual({
      status: 'open',
      owner: 'Ada',
      currency: 'EUR',
      overdraftLimitInCents: 1000,
      balanceInCents: -1000,
    });
    const [opened] = (await readStream('bank.account', id)).json.events as {
      schemaVersion: number;
      data: unknown;
    }[];
    expect(opened).toMatchObject({ schemaVersion: 1, data: { owner: 'Ada', overdraftLimit: 10 } });
    expect(opened?.data).not.toHaveProperty('currency');
  });

  it('writes new AccountOpened events at schema version 2 with the currency', async () => {
    const id = uniqueId('acc');
    await sendCommand('bank.account', id, 'open', { owner: 'Ada', currency: 'SEK' });
    const [opened] = (await readStream('bank.account', id)).json.events as {
      schemaVersion: number;
      data: unknown;
    }[];
    expect(opened).toMatchObject({
      schemaVersion: 2,
      data: { owner: 'Ada', overdraftLimit: 0, currency: 'SEK' },
    });
    const invalid = await sendCommand('bank.account', uniqueId('acc'), 'open', {
      owner: 'Ada',
      currency: 'EURO',
    });
    expect(invalid.json).toMatchObject({ code: 'validation-failed', errors: [{ path: 'currency' }] });
  });

  it('fails clearly on an event type the code does not know, naming the stream and version', async () => {
    const id = uniqueId('odd');
    await writeDirectly(id, [
      { type: 'AccountOpened', schemaVersion: 2, data: { owner: 'Ada', overdraftLimit: 0, currency: 'EUR' } },
      { type: 'InterestPaid', schemaVersion: 1, data: { amount: 1 } },
    ]);
    const response = await sendCommand('bank.account', id, 'deposit', { amount: 1 });
    expect(response.status).toBe(500);
    expect(response.json).toMatchObject({
      code: 'unreadable-event',
      aggregateId: id,
      version: 2,
      eventType: 'InterestPaid',
    });
    expect(response.json.detail).toContain(`Stream bank.account/${id}`);
    expect(response.json.detail).toContain('version 2');
    expect(response.json.detail).toContain('unknown event type "InterestPaid"');
    expect((await readStream('bank.account', id)).json.version).toBe(2);
  });
});
