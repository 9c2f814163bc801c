// Issue 10 item 9: with the event store unreachable, the 503 and the anonymous health route say what failed
// without the store's address; the full error goes to the log.
import functions from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { AZURITE_ACCOUNT, storageConnectionString } from '../../emulators/azurite/index.js';
import { findFreePort } from '../../emulators/ports.js';
import { getHealth } from '../../functions/health.js';
import { createTestApplication, useApplication } from '../support/application.js';
import { sendCommand } from '../support/functions.js';

const { HttpRequest, InvocationContext } = functions;

const closedPort = await findFreePort();
const address = `127.0.0.1:${closedPort}`;
useApplication(
  createTestApplication({
    store: 'table',
    env: {
      EventStorage: storageConnectionString({
        blob: `http://${address}/${AZURITE_ACCOUNT}`,
        table: `http://${address}/${AZURITE_ACCOUNT}`,
        file: `http://${address}/${AZURITE_ACCOUNT}`,
      }),
    },
  }),
);

describe('an unreachable store, described without its address', () => {
  it('item 9: answers a command with 503 naming the store and the failure, not the endpoint', async () => {
    const response = await sendCommand('bank.account', 'acc-1', 'open', { owner: 'Ada' });
    expect(response.status).toBe(503);
    expect(response.json.detail).toBe('The table event store is unavailable (connection refused).');
    expect(response.body).not.toContain(address);
    expect(response.body).not.toContain('ECONNREFUSED');
  });

  it('item 9: reports the health check as "connection refused", and logs the full error', async () => {
    const logged: unknown[][] = [];
    const context = new InvocationContext({ logHandler: (_level, ...args) => logged.push(args) });
    const request = new HttpRequest({ method: 'GET', url: 'http://localhost:7071/api/health' });
    const response = await getHealth(request, context);
    expect(response.status).toBe(503);
    const body = String(response.body);
    expect(body).not.toContain(address);
    const report = JSON.parse(body) as { checks: { name: string; error?: string }[] };
    expect(report.checks).toEqual(
      expect.arrayContaining([
        {
          name: 'store:table (table)',
          status: 'unhealthy',
          durationInMs: expect.any(Number),
          error: 'connection refused',
        },
      ]),
    );
    const causes = logged.flat().map((arg) => (arg instanceof Error ? String(arg.cause ?? arg) : ''));
    expect(causes.join('\n')).toContain(address);
  });
});
