// Builds applications for integration tests: the real composition root, pointed at the emulators, with a
// configuration map choosing the store, and the test-only aggregate registered beside the samples.
import { afterAll } from 'vitest';
import { type Application, createApplication, setApplication } from '../../src/application.js';
import { aggregates } from '../../src/domain/aggregates.js';
import { emulators } from './emulators.js';
import { emitter } from './testAggregates.js';

export type StoreChoice = 'table' | 'memory' | 'local';

export interface TestApplicationOptions {
  store?: StoreChoice;
  retryLimit?: number;
  env?: Record<string, string>;
}

export function configurationMapFor(store: StoreChoice, localFolder = '.data/test-streams'): string {
  return JSON.stringify({
    implementations: {
      table: { type: 'table', connection: 'EventStorage', tablePrefix: 'itest' },
      memory: { type: 'in-memory' },
      local: { type: 'local-file', folder: localFolder, fsync: false },
    },
    aggregates: { '*': { store } },
  });
}

export function createTestApplication(options: TestApplicationOptions = {}): Application {
  const application = createApplication({
    aggregates: [...aggregates, emitter],
    env: {
      ...emulators().settings,
      ConfigurationMap: configurationMapFor(options.store ?? 'table'),
      CommandRetryLimit: String(options.retryLimit ?? 10),
      ...options.env,
    },
  });
  afterAll(() => application.close());
  return application;
}

/** Makes `application` the one the exported function handlers use, for the rest of the test file. */
export function useApplication(application: Application): Application {
  setApplication(application);
  afterAll(() => setApplication(undefined));
  return application;
}
