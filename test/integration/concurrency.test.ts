// Optimistic concurrency under load: many clients on one account, across two application instances (as two
// Function instances would be), end with contiguous versions; a writer whose retry budget is spent gets 409.
import { describe, expect, it } from 'vitest';
import type { Application } from '../../src/application.js';
import { ConcurrencyError } from '../../src/errors.js';
import { createTestApplication, useApplication } from '../support/application.js';
import { uniqueId } from '../support/envelopes.js';
import { readStream, sendCommand } from '../support/functions.js';

useApplication(createTestApplication({ store: 'table', retryLimit: 0 }));
const instanceB = createTestApplication({ store: 'table' });

function deposit(application: Application, aggregateId: string, amount: number) {
  return application.commands.handle({
    aggregateType: 'bank.account',
    aggregateId,
    commandName: 'deposit',
    payload: { amount },
    causationId: uniqueId('cmd'),
    correlationId: uniqueId('corr'),
  });
}

describe('concurrent writers', () => {
  it('answers 409 concurrency-conflict with currentVersion once the retry budget is spent', async () => {
    const id = uniqueId('acc');
    await sendCommand('bank.account', id, 'open', { owner: 'Ada' });
    await deposit(instanceB, id, 1); // instance A's remembered state is now one version behind
    const response = await sendCommand('bank.account', id, 'deposit', { amount: 1 });
    expect(response.status).toBe(409);
    expect(response.json).toMatchObject({ code: 'concurrency-conflict', currentVersion: 2 });
    expect((await readStream('bank.account', id)).json.version).toBe(2);
  });

  it('lets 16 clients x 10 deposits on one account over two instances all succeed, versions 1..161', async () => {
    const id = uniqueId('acc');
    const retrying = createTestApplication({ store: 'table' });
    await deposit(instanceB, id, 1).catch(() => {}); // not open yet: refused, nothing written
    await instanceB.commands.handle({
      aggregateType: 'bank.account',
      aggregateId: id,
      commandName: 'open',
      payload: { owner: 'Ada' },
      causationId: 'c',
      correlationId: 'c',
    });
    let conflicts = 0;
    const client = async (clientId: number) => {
      const application = clientId % 2 === 0 ? retrying : instanceB;
      for (let n = 0; n < 10; n++) {
        for (;;) {
          try {
            await deposit(application, id, clientId + 1 + n / 100);
            break;
          } catch (error) {
            if (!(error instanceof ConcurrencyError)) throw error;
            conflicts++;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, (_, clientId) => client(clientId)));
    const stream = await readStream('bank.account', id, '?limit=1000');
    const versions = (stream.json.events as { version: number }[]).map((event) => event.version);
    expect(versions).toEqual(Array.from({ length: 161 }, (_, index) => index + 1));
    const amounts = (stream.json.events as { data: { amount?: number } }[])
      .slice(1)
      .map((event) => event.data.amount);
    expect(new Set(amounts).size).toBe(160);
    console.info(`16 clients x 10 deposits over two instances: ${conflicts} conflict(s) reached the clients`);
  });
});
