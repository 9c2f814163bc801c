// A Table transaction whose answer is lost after it was committed (a reset connection, a timed-out try): the
// SDK retries it, the retry fails its If-Match as if another writer had won, and deciding the command again
// would apply it twice. The store recognises its own events and reports the append as done.
import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import { CommandHandler } from '../../src/commands/commandHandler.js';
import { CommandRegistry } from '../../src/commands/registry.js';
import { bankAccount } from '../../src/domain/bankAccount/index.js';
import { TableEventStore } from '../../src/stores/table/tableEventStore.js';
import { emulators } from '../support/emulators.js';
import { uniqueId } from '../support/envelopes.js';

type Policies = TableServiceClientOptions['additionalPolicies'];

/** Lets every `$batch` through to Azurite, but throws the answer of the second one away, as a reset connection would. */
function losingSecondBatchAnswer(): { policies: Policies; lost: () => number } {
  let batches = 0;
  let lost = 0;
  const policy = {
    name: 'loseAnswer',
    sendRequest: async (request: { url: string }, next: (request: never) => Promise<unknown>) => {
      const response = await next(request as never);
      // The second transaction: the deposit (the open's is the first; the table exists already).
      if (request.url.includes('$batch') && ++batches === 2) {
        lost++;
        throw Object.assign(new Error('read ECONNRESET'), { name: 'RestError', code: 'ECONNRESET' });
      }
      return response;
    },
  };
  return { policies: [{ policy: policy as never, position: 'perRetry' as const }], lost: () => lost };
}

describe('a Table append whose answer was lost', () => {
  it('is not applied twice: the retried transaction is recognised as the one already committed', async () => {
    const { policies, lost } = losingSecondBatchAnswer();
    const store = new TableEventStore({
      tablePrefix: 'itestlost',
      tableClient: (table) =>
        TableClient.fromConnectionString(emulators().storageConnectionString, table, {
          allowInsecureConnection: true,
          retryOptions: { maxRetries: 2, retryDelayInMs: 10 },
          additionalPolicies: policies,
        }),
    });
    await TableClient.fromConnectionString(
      emulators().storageConnectionString,
      store.tableName('bank.account'),
      {
        allowInsecureConnection: true,
      },
    )
      .createTable()
      .catch(() => undefined);
    const registry = new CommandRegistry().register(bankAccount);
    const handler = new CommandHandler({
      registry,
      storageFor: () => ({ store, idempotencyKeys: 100 }),
      retryLimit: 3,
    });
    const id = uniqueId('acc');
    const command = (commandName: string, payload: unknown) => ({
      aggregateType: 'bank.account',
      aggregateId: id,
      commandName,
      payload,
      causationId: uniqueId('cmd'),
      correlationId: 'c',
    });
    await handler.handle(command('open', { owner: 'Ada' }));
    const deposit = await handler.handle(command('deposit', { amount: 10 }));
    expect(lost()).toBe(1);

    expect(deposit.result.version).toBe(2);
    const { events } = await store.readStream({ aggregateType: 'bank.account', aggregateId: id });
    expect(events.map((event) => event.type)).toEqual(['AccountOpened', 'MoneyDeposited']);
  });

  it("still reports a real conflict when another writer's events are there", async () => {
    const store = new TableEventStore({
      tablePrefix: 'itestlost',
      tableClient: (table) =>
        TableClient.fromConnectionString(emulators().storageConnectionString, table, {
          allowInsecureConnection: true,
        }),
    });
    const stream = { aggregateType: 'bank.account', aggregateId: uniqueId('acc') };
    const registry = new CommandRegistry().register(bankAccount);
    const writer = (causationId: string) =>
      new CommandHandler({
        registry,
        storageFor: () => ({ store, idempotencyKeys: 100 }),
        retryLimit: 0,
      }).handle({
        ...stream,
        commandName: 'open',
        payload: { owner: causationId },
        causationId,
        correlationId: 'c',
      });
    await writer('first');
    await expect(writer('second')).rejects.toMatchObject({ name: 'DomainRuleViolated' });
  });
});
