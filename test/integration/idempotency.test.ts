// Idempotent commands on every store: a double-submitted form moves money once, a reused key is refused,
// concurrent repeats append once, and the key history survives an aggregate snapshot.
import { describe, expect, it } from 'vitest';
import { CommandHandler } from '../../src/commands/commandHandler.js';
import { createTestApplication, STORES, useApplicationInBlock } from '../support/application.js';
import { uniqueId } from '../support/envelopes.js';
import { readState, readStream, sendCommand } from '../support/functions.js';

describe.each(STORES)('idempotent commands on the %s store', (store) => {
  const application = useApplicationInBlock(
    createTestApplication({ store, aggregateSettings: { snapshotEvery: 3 } }),
  );

  async function openAccount() {
    const id = uniqueId('acc');
    await sendCommand('bank.account', id, 'open', { owner: 'Ada' });
    return id;
  }

  it('moves money once for a double-submitted deposit; the replay is byte-identical', async () => {
    const id = await openAccount();
    const headers = { 'idempotency-key': 'form-7f3a' };
    const first = await sendCommand('bank.account', id, 'deposit', { amount: 100 }, headers);
    const second = await sendCommand('bank.account', id, 'deposit', { amount: 100 }, headers);
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.status).toBe(200);
    expect(second.body).toBe(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect((await readStream('bank.account', id)).json.version).toBe(2);
    expect((await readState('bank.account', id)).json.state).toMatchObject({ balanceInCents: 10_000 });
  });

  it('refuses a reused key with another amount or command: 422 idempotency-key-reused, nothing appended', async () => {
    const id = await openAccount();
    const headers = { 'idempotency-key': 'form-1' };
    await sendCommand('bank.account', id, 'deposit', { amount: 100 }, headers);
    for (const [command, payload] of [
      ['deposit', { amount: 200 }],
      ['withdraw', { amount: 100 }],
    ] as const) {
      const reused = await sendCommand('bank.account', id, command, payload, headers);
      expect(reused.status).toBe(422);
      expect(reused.json.code).toBe('idempotency-key-reused');
    }
    expect((await readStream('bank.account', id)).json.version).toBe(2);
  });

  it('appends once for 8 concurrent requests with one key', async () => {
    const id = await openAccount();
    const headers = { 'idempotency-key': uniqueId('key') };
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => sendCommand('bank.account', id, 'deposit', { amount: 5 }, headers)),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
    expect(new Set(responses.map((response) => response.body)).size).toBe(1);
    expect(responses.filter((response) => response.headers.get('idempotent-replayed') === null)).toHaveLength(
      1,
    );
    expect((await readStream('bank.account', id)).json.version).toBe(2);
  });

  it('still replays a key from before an aggregate snapshot, in a fresh instance', async () => {
    const id = await openAccount();
    const headers = { 'idempotency-key': 'before-snapshot' };
    const first = await sendCommand('bank.account', id, 'deposit', { amount: 1 }, headers);
    await sendCommand('bank.account', id, 'deposit', { amount: 2 }); // version 3: snapshot
    await sendCommand('bank.account', id, 'deposit', { amount: 3 });
    await application.commands.snapshots.flush();
    const fresh = new CommandHandler({
      registry: application.registry,
      storageFor: (type) => application.stores.storageFor(type),
      retryLimit: 3,
    });
    const replay = await fresh.handle({
      aggregateType: 'bank.account',
      aggregateId: id,
      commandName: 'deposit',
      payload: { amount: 1 },
      idempotencyKey: 'before-snapshot',
      causationId: 'ignored',
      correlationId: 'another',
    });
    expect(replay.replayed).toBe(true);
    expect(JSON.stringify(replay.result)).toBe(first.body);
    expect((await readStream('bank.account', id)).json.version).toBe(4);
  });
});

describe.each(STORES.filter((store) => store !== 'memory'))(
  'idempotency across two instances on the %s store',
  (store) => {
    const folder = `.data/test-streams-${uniqueId('shared')}`;
    const instances = [1, 2].map(() => createTestApplication({ store, localFolder: folder }));

    it('appends once when two instances get the same keyed request four times each', async () => {
      const id = uniqueId('acc');
      const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];
      const base = { aggregateType: 'bank.account', aggregateId: id, causationId: 'c', correlationId: 'c' };
      await a.commands.handle({ ...base, commandName: 'open', payload: { owner: 'Ada' } });
      const deposit = { ...base, commandName: 'deposit', payload: { amount: 5 }, idempotencyKey: 'k-1' };
      const outcomes = await Promise.all(
        [a, b, a, b, a, b, a, b].map((instance) => instance.commands.handle(deposit)),
      );
      expect(outcomes.filter((outcome) => !outcome.replayed)).toHaveLength(1);
      expect(new Set(outcomes.map((outcome) => JSON.stringify(outcome.result))).size).toBe(1);
      const { streamVersion } = await a.stores
        .forAggregateType('bank.account')
        .readStream({ aggregateType: 'bank.account', aggregateId: id });
      expect(streamVersion).toBe(2);
    });
  },
);
