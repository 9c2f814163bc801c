// The benchmark's environment: every emulator on free ports, in a child process of its own (the emulators' CLI,
// as `npm start` runs it: on Azure the bus and the storage are elsewhere, and the Files and Service Bus
// emulators' work must not land on the event loop being measured), with counting proxies in front of the
// storage services, and the app settings (and a configuration map per store) that route the app through them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AZURITE_ACCOUNT, storageConnectionString } from '../emulators/azurite/index.js';
import type { ServiceBusEntities } from '../emulators/start.js';
import { type EmulatorProcess, startEmulatorProcess } from '../src/local/emulatorProcess.js';
import { workflowDefinitions } from '../src/workflows/definitions/index.js';
import { subscriptionFilter } from '../src/workflows/subscription.js';
import { type CountingProxy, startCountingProxy, type TrafficCounts } from './countingProxy.js';

export const BENCH_STORES = ['table', 'blob', 'files', 'local', 'memory'] as const;
export type BenchStore = (typeof BENCH_STORES)[number];

export const STORE_LABELS: Record<BenchStore, string> = {
  table: 'Table',
  blob: 'Append Blob',
  files: 'File Share',
  local: 'Local File',
  memory: 'In-Memory',
};

export interface BenchEnvironment {
  /** In a child process, as `npm start` runs them: their work is not on the measured process's event loop. */
  emulators: EmulatorProcess;
  proxies: { blob: CountingProxy; table: CountingProxy; file: CountingProxy };
  /** App settings that send storage traffic through the proxies. */
  settings: Record<string, string>;
  /** Storage traffic since the last reset, all services together. */
  traffic(): TrafficCounts;
  resetTraffic(): void;
  stop(): Promise<void>;
}

export async function startBenchEnvironment(dataFolder: string): Promise<BenchEnvironment> {
  const entities: ServiceBusEntities = {
    topics: [
      {
        name: 'events',
        subscriptions: [{ name: 'projections', maxDeliveryCount: 10, lockDurationInMs: 30_000 }],
      },
      { name: 'naive', subscriptions: [] },
      // Command-path phases publish here: nothing subscribes, so no backlog builds up for the lag phase.
      { name: 'commands', subscriptions: [] },
      // The transfer phase: the workflow engine's subscription, and one for the projections that gets nothing.
      {
        name: 'transfers',
        duplicateDetectionWindowInMs: 600_000,
        subscriptions: [
          { name: 'idle', rules: [{ name: 'nothing', filter: { false: true } }] },
          {
            name: 'workflows',
            lockDurationInMs: 30_000,
            rules: [{ name: 'workflow-events', filter: { sql: subscriptionFilter(workflowDefinitions()) } }],
          },
        ],
      },
    ],
    queues: [{ name: 'workflow-timers', duplicateDetectionWindowInMs: 600_000 }],
  };
  const entitiesFile = join(dataFolder, 'serviceBusEntities.json');
  writeFileSync(entitiesFile, JSON.stringify(entities));
  const emulators = await startEmulatorProcess({
    cliPath: fileURLToPath(new URL('../emulators/cli.js', import.meta.url)),
    ports: 'free',
    entitiesFile,
    summary: false,
    log: () => {},
  });
  const portOf = (service: string) => {
    const port = emulators.ports[service];
    if (port === undefined) throw new Error(`The emulators did not say which port ${service} is on.`);
    return port;
  };
  const proxies = {
    blob: await startCountingProxy(portOf('blob')),
    table: await startCountingProxy(portOf('table')),
    file: await startCountingProxy(portOf('file')),
  };
  const endpoint = (port: number) => `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  const storage = storageConnectionString({
    blob: endpoint(proxies.blob.port),
    table: endpoint(proxies.table.port),
    file: endpoint(proxies.file.port),
  });
  const settings = {
    AzureWebJobsStorage: emulators.connectionStrings.storage,
    ServiceBusConnection: emulators.connectionStrings.serviceBus,
    EventStorage: storage,
    BenchDataFolder: dataFolder,
    EventsTopicName: 'commands',
    CommandRetryLimit: '10',
  };
  const all = Object.values(proxies);
  return {
    emulators,
    proxies,
    settings,
    traffic: () =>
      all.reduce(
        (sum, proxy) => ({
          requests: sum.requests + proxy.counts.requests,
          bytesSent: sum.bytesSent + proxy.counts.bytesSent,
          bytesReceived: sum.bytesReceived + proxy.counts.bytesReceived,
          byMethod: sum.byMethod,
        }),
        { requests: 0, bytesSent: 0, bytesReceived: 0, byMethod: {} } as TrafficCounts,
      ),
    resetTraffic: () => {
      for (const proxy of all) proxy.reset();
    },
    stop: async () => {
      await Promise.all(all.map((proxy) => proxy.close()));
      await emulators.stop();
    },
  };
}

/** A configuration map routing every aggregate type to one store (intents and projections beside it). */
export function configurationMapFor(store: BenchStore, folder: string, snapshotEvery?: number): string {
  const beside = store === 'blob' || store === 'files' ? 'table' : store;
  return JSON.stringify({
    implementations: {
      table: { type: 'table', connection: 'EventStorage', tablePrefix: 'bench' },
      blob: { type: 'append-blob', connection: 'EventStorage', container: 'bench-streams' },
      files: { type: 'file-share', connection: 'EventStorage', share: 'bench-streams' },
      local: { type: 'local-file', folder },
      memory: { type: 'in-memory' },
    },
    projections: { store: beside, container: 'bench-projections' },
    publishIntents: { store: beside, table: 'benchpublishintents' },
    aggregates: { '*': { store, ...(snapshotEvery ? { snapshotEvery } : {}) } },
  });
}
