// A store that cannot be reached: commands answer 503 store-unavailable with Retry-After, and the health
// endpoint reports the store unhealthy. Nothing can be half-written: the one request never arrived.
import { describe, expect, it } from 'vitest';
import { AZURITE_ACCOUNT, storageConnectionString } from '../../emulators/azurite/index.js';
import { findFreePort } from '../../emulators/ports.js';
import { getHealth } from '../../functions/health.js';
import { createTestApplication, useApplication } from '../support/application.js';
import { callFunction, sendCommand } from '../support/functions.js';

const closedPort = await findFreePort();
useApplication(
  createTestApplication({
    store: 'table',
    env: {
      EventStorage: storageConnectionString({
        blob: `http://127.0.0.1:${closedPort}/${AZURITE_ACCOUNT}`,
        table: `http://127.0.0.1:${closedPort}/${AZURITE_ACCOUNT}`,
        file: `http://127.0.0.1:${closedPort}/${AZURITE_ACCOUNT}`,
      }),
    },
  }),
);

describe('an unreachable event store', () => {
  it('answers commands with 503 store-unavailable and Retry-After', async () => {
    const response = await sendCommand('bank.account', 'acc-1', 'open', { owner: 'Ada' });
    expect(response.status).toBe(503);
    expect(response.json.code).toBe('store-unavailable');
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('reports the store unhealthy on /api/health with 503', async () => {
    const response = await callFunction(getHealth, { url: 'http://localhost:7071/api/health' });
    expect(response.status).toBe(503);
    expect(response.json.status).toBe('unhealthy');
    expect(response.json.checks).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'store:table (table)', status: 'unhealthy' })]),
    );
  });
});
