// GET /api/streams/{aggregateType}/{aggregateId}: the audit trail, oldest first, in pages; and /api/health.
import { beforeAll, describe, expect, it } from 'vitest';
import { getHealth } from '../../functions/health.js';
import { createTestApplication, useApplication } from '../support/application.js';
import { uniqueId } from '../support/envelopes.js';
import { callFunction, readStream, sendCommand } from '../support/functions.js';
import { topicName } from '../support/serviceBusTopics.js';

// A topic and intents of its own: the health check reads the projections subscription and the publish backlog.
useApplication(
  createTestApplication({
    store: 'table',
    intentsTable: 'itesthttpintents',
    env: { EventsTopicName: topicName('streams') },
  }),
);

const id = uniqueId('acc');

beforeAll(async () => {
  await sendCommand('bank.account', id, 'open', { owner: 'Ada' });
  for (const amount of [1, 2, 3, 4]) await sendCommand('bank.account', id, 'deposit', { amount });
});

describe('GET /api/streams/{aggregateType}/{aggregateId}', () => {
  it('returns the whole stream oldest first with its version as ETag', async () => {
    const response = await readStream('bank.account', id);
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"5"');
    const events = response.json.events as { version: number; type: string; aggregateId: string }[];
    expect(events.map((event) => event.version)).toEqual([1, 2, 3, 4, 5]);
    expect(events.map((event) => event.type)).toEqual(['AccountOpened', ...Array(4).fill('MoneyDeposited')]);
    expect(response.json).toMatchObject({
      aggregateType: 'bank.account',
      aggregateId: id,
      version: 5,
      fromVersion: 1,
    });
    expect(response.json.nextFromVersion).toBeUndefined();
  });

  it('pages with fromVersion and limit, pointing at the next page', async () => {
    const first = await readStream('bank.account', id, '?fromVersion=2&limit=2');
    expect((first.json.events as { version: number }[]).map((event) => event.version)).toEqual([2, 3]);
    expect(first.json.nextFromVersion).toBe(4);
    const last = await readStream('bank.account', id, '?fromVersion=4&limit=2');
    expect((last.json.events as { version: number }[]).map((event) => event.version)).toEqual([4, 5]);
    expect(last.json.nextFromVersion).toBeUndefined();
  });

  it('returns envelopes exactly as the contract describes them', async () => {
    const [event] = (await readStream('bank.account', id, '?limit=1')).json.events as Record<
      string,
      unknown
    >[];
    expect(Object.keys(event ?? {}).sort()).toEqual(
      [
        'aggregateId',
        'aggregateType',
        'data',
        'eventId',
        'metadata',
        'occurredAt',
        'schemaVersion',
        'sequence',
        'type',
        'version',
      ].sort(),
    );
    expect(event).toMatchObject({
      schemaVersion: 2,
      sequence: expect.any(Number),
      occurredAt: expect.stringMatching(/Z$/),
    });
  });

  it('answers 404 aggregate-not-found for a stream with no events', async () => {
    const response = await readStream('bank.account', uniqueId('nobody'));
    expect(response.status).toBe(404);
    expect(response.json.code).toBe('aggregate-not-found');
  });

  it('answers 404 unknown-aggregate-type and 400 invalid-identifier', async () => {
    expect((await readStream('bank.loan', id)).json.code).toBe('unknown-aggregate-type');
    const invalid = await readStream('bank.account', 'a#b');
    expect(invalid.status).toBe(400);
    expect(invalid.json.code).toBe('invalid-identifier');
  });

  it.each(['?limit=0', '?limit=1001', '?fromVersion=0', '?fromVersion=abc', '?from=1'])(
    'answers 400 validation-failed for the query %s',
    async (query) => {
      const response = await readStream('bank.account', id, query);
      expect(response.status).toBe(400);
      expect(response.json.code).toBe('validation-failed');
      expect(response.json.errors).toEqual([
        expect.objectContaining({ path: expect.stringMatching(/^query/) }),
      ]);
    },
  );
});

describe('GET /api/health', () => {
  it('is 200 healthy with a check per configured store', async () => {
    const response = await callFunction(getHealth, { url: 'http://localhost:7071/api/health' });
    expect(response.status).toBe(200);
    expect(response.json.status).toBe('healthy');
    expect(response.json.checks).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'store:table (table)', status: 'healthy' })]),
    );
  });
});
