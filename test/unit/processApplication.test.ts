// The process-wide application of functions/: built on first use from the app settings, once, shared by
// concurrent first requests, and not kept when the settings are wrong (the next request tries again).
import { afterEach, describe, expect, it } from 'vitest';
import { existingApplication, getApplication, setApplication } from '../../src/processApplication.js';

const SETTINGS = {
  ConfigurationMap: JSON.stringify({
    implementations: { memory: { type: 'in-memory' } },
    aggregates: { '*': { store: 'memory' } },
    projections: { store: 'memory' },
    publishIntents: { store: 'memory' },
  }),
  ServiceBusConnection:
    'Endpoint=sb://localhost:5672;SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true;',
};
const saved = Object.fromEntries(Object.keys(SETTINGS).map((name) => [name, process.env[name]]));

afterEach(async () => {
  await (await existingApplication()?.catch(() => undefined))?.close();
  setApplication(undefined);
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('getApplication', () => {
  it('builds nothing until asked, then one application for concurrent first requests', async () => {
    Object.assign(process.env, SETTINGS);
    expect(existingApplication()).toBeUndefined();
    const [first, second] = await Promise.all([getApplication(), getApplication()]);
    expect(first).toBe(second);
    expect(await getApplication()).toBe(first);
    expect(first.registry.aggregateTypes()).toContain('bank.account');
  });

  it('fails with the setting named while it is wrong, and succeeds once it is fixed', async () => {
    Object.assign(process.env, SETTINGS, { ConfigurationMap: '{"implementations": ' });
    await expect(getApplication()).rejects.toThrow('ConfigurationMap');
    expect(existingApplication()).toBeUndefined();
    process.env.ConfigurationMap = SETTINGS.ConfigurationMap;
    await expect(getApplication()).resolves.toHaveProperty('commands');
  });
});
