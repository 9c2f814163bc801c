// Builds applications for integration tests: the real composition root, pointed at the emulators, with a
// configuration map choosing the store, and the test-only aggregate registered beside the samples.
import { afterAll, beforeAll } from 'vitest';
import { type Application, createApplication } from '../../src/application.js';
import type { ConfigurationMap } from '../../src/config/configurationMap.js';
import type { Environment } from '../../src/config/settings.js';
import { aggregates } from '../../src/domain/aggregates.js';
import type { AggregateDefinition } from '../../src/domain/decider.js';
import { setApplication } from '../../src/processApplication.js';
import type { ProjectionDocument, ProjectionDocumentStore } from '../../src/projections/projection.js';
import { EventStores } from '../../src/stores/eventStores.js';
import { emulators } from './emulators.js';
import { InMemoryRebuildQueue, rememberQueue } from './rebuildQueue.js';
import { emitter } from './testAggregates.js';

/** Every store a per-store test runs against. */
export const STORES = ['memory', 'local', 'table', 'blob', 'files'] as const;
export type StoreChoice = (typeof STORES)[number];

export interface TestApplicationOptions {
  store?: StoreChoice;
  retryLimit?: number;
  env?: Record<string, string>;
  /** Per-type settings for every aggregate type (e.g. `{ snapshotEvery: 10 }`). */
  aggregateSettings?: Record<string, unknown>;
  /** Local File folder (defaults to one shared by the run). */
  localFolder?: string;
  aggregates?: readonly AggregateDefinition[];
  /** A publish intents (and stream markers) table of its own, for a file whose sweeps must not touch others'. */
  intentsTable?: string;
  /** Rebuild steps go to Service Bus (the RebuildQueueName queue) instead of an in-process test queue. */
  serviceBusRebuilds?: boolean;
  /** Streams per replay step. */
  replayPageSize?: number;
}

export function configurationMapFor(store: StoreChoice, options: TestApplicationOptions = {}): string {
  return JSON.stringify({
    implementations: {
      table: {
        type: 'table',
        connection: 'EventStorage',
        tablePrefix: 'itest',
        snapshotContainer: 'itest-snapshots',
      },
      blob: {
        type: 'append-blob',
        connection: 'EventStorage',
        container: 'itest-streams',
        snapshotContainer: 'itest-snapshots',
      },
      files: {
        type: 'file-share',
        connection: 'EventStorage',
        share: 'itest-streams',
        snapshotContainer: 'itest-snapshots',
      },
      memory: { type: 'in-memory' },
      local: { type: 'local-file', folder: options.localFolder ?? '.data/test-streams', fsync: false },
    },
    aggregates: { '*': { store, ...options.aggregateSettings } },
    // The read side and the publish intents live beside the store; the Azure stores share one account.
    projections: { store: readSideStore(store), container: 'itest-projections' },
    publishIntents: { store: readSideStore(store), table: options.intentsTable ?? 'itestpublishintents' },
  });
}

function readSideStore(store: StoreChoice): StoreChoice {
  return store === 'blob' || store === 'files' ? 'table' : store;
}

export function createTestApplication(options: TestApplicationOptions = {}): Application {
  const queue = options.serviceBusRebuilds ? undefined : new InMemoryRebuildQueue();
  const application = createApplication({
    aggregates: options.aggregates ?? [...aggregates, emitter],
    rebuildQueue: queue,
    replayPageSize: options.replayPageSize,
    env: {
      ...emulators().settings,
      ConfigurationMap: configurationMapFor(options.store ?? 'table', options),
      CommandRetryLimit: String(options.retryLimit ?? 10),
      // Generous: test files run in parallel against one Azurite, which answers slowly under load; the tests of
      // the deadline itself set their own.
      StoreDeadlineInMs: '30000',
      ExplorerAccess: 'open',
      // A rebuild waits this long between phases (processes cache the generation pointer a quarter of it).
      RebuildSettleInMs: '200',
      ...options.env,
    },
  });
  if (queue) rememberQueue(application, queue);
  afterAll(() => application.close());
  return application;
}

/** Makes `application` the one the exported function handlers use, for the rest of the test file. */
export function useApplication(application: Application): Application {
  setApplication(application);
  afterAll(() => setApplication(undefined));
  return application;
}

/** Makes `application` the one the exported handlers use while the current describe block runs. */
export function useApplicationInBlock(application: Application): Application {
  beforeAll(() => setApplication(application));
  afterAll(() => setApplication(undefined));
  return application;
}

/** Another client of the projection documents a configuration map names (a fresh EventStores). */
export function documentStoreFor(map: ConfigurationMap, env: Environment): ProjectionDocumentStore {
  return new EventStores(map, env).documents<ProjectionDocument>();
}
