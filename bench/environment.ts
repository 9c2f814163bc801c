// The benchmark's environment: every emulator on free ports, with counting proxies in front of the storage
// services, and the app settings (and a configuration map per store) that route the app through them.
import { AZURITE_ACCOUNT, storageConnectionString } from '../emulators/azurite/index.js';
import { type RunningEmulators, startEmulators } from '../emulators/start.js';
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
  emulators: RunningEmulators;
  proxies: { blob: CountingProxy; table: CountingProxy; file: CountingProxy };
  /** App settings that send storage traffic through the proxies. */
  settings: Record<string, string>;
  /** Storage traffic since the last reset, all services together. */
  traffic(): TrafficCounts;
  resetTraffic(): void;
  stop(): Promise<void>;
}

export async function startBenchEnvironment(dataFolder: string): Promise<BenchEnvironment> {
  const emulators = await startEmulators({
    ports: 'free',
    serviceBusEntities: {
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
              rules: [
                { name: 'workflow-events', filter: { sql: subscriptionFilter(workflowDefinitions()) } },
              ],
            },
          ],
        },
      ],
      queues: [{ name: 'workflow-timers', duplicateDetectionWindowInMs: 600_000 }],
    },
  });
  const proxies = {
    blob: await startCountingProxy(emulators.ports.blob),
    table: await startCountingProxy(emulators.ports.table),
    file: await startCountingProxy(emulators.ports.file),
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
