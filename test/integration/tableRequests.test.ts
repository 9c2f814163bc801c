// What a command costs on the Table store, counted at the SDK pipeline: a 3-event command on an existing
// stream is one entity-group transaction (one write request), and nothing else on the hot path.
import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import { beforeAll, describe, expect, it } from 'vitest';
import { CommandHandler, type CommandRequest } from '../../src/commands/commandHandler.js';
import { CommandRegistry } from '../../src/commands/registry.js';
import { TableEventStore } from '../../src/stores/table/tableEventStore.js';
import { emulators } from '../support/emulators.js';
import { uniqueId } from '../support/envelopes.js';
import { emitter } from '../support/testAggregates.js';

type Policy = NonNullable<TableServiceClientOptions['additionalPolicies']>[number]['policy'];

const requests: { method: string; url: string }[] = [];
const counter: Policy = {
  name: 'countRequests',
  sendRequest: (request, next) => {
    requests.push({ method: request.method, url: request.url });
    return next(request);
  },
};

function countingStore(): TableEventStore {
  return new TableEventStore({
    tablePrefix: 'requests',
    tableClient: (name) =>
      TableClient.fromConnectionString(emulators().storageConnectionString, name, {
        allowInsecureConnection: true,
        additionalPolicies: [{ policy: counter, position: 'perCall' }],
      }),
  });
}

function handler(): CommandHandler {
  const store = countingStore();
  return new CommandHandler({
    registry: new CommandRegistry().register(emitter),
    storageFor: () => ({ store, idempotencyKeys: 100 }),
    retryLimit: 3,
  });
}

const emit = (aggregateId: string, count: number): CommandRequest => ({
  aggregateType: 'test.emitter',
  aggregateId,
  commandName: 'emit',
  payload: { count },
  causationId: 'cmd',
  correlationId: 'corr',
});

describe('Table store request count', () => {
  const id = uniqueId('stream');
  const instance = handler();

  beforeAll(async () => {
    await instance.handle(emit(id, 2));
  });

  it('appends a 3-event command to an existing stream with exactly one write request', async () => {
    requests.length = 0;
    const { result } = await instance.handle(emit(id, 3));
    expect(result.events.map((event) => event.version)).toEqual([3, 4, 5]);
    const writes = requests.filter((request) => request.method !== 'GET');
    expect(writes).toHaveLength(1);
    expect(writes[0]?.url).toContain('$batch');
    expect(requests).toHaveLength(1);
  });

  it('needs one read and one write when another instance handles the next command', async () => {
    const other = handler();
    requests.length = 0;
    const { result } = await other.handle(emit(id, 3));
    expect(result.version).toBe(8);
    expect(requests.map((request) => request.method)).toEqual(['GET', 'POST']);
  });

  it('recovers with one catch-up read when its remembered state is stale', async () => {
    requests.length = 0;
    const { result } = await instance.handle(emit(id, 1));
    expect(result.version).toBe(9);
    expect(requests.map((request) => request.method)).toEqual(['POST', 'GET', 'POST']);
  });
});
