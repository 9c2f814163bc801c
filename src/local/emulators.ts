// Starts every emulator the app needs (Azurite for Blob, Queue and Table; our Azure Files and Service Bus
// emulators) and returns the app settings that point the app at them. Used by `npm start`, `npm run
// emulators` and the test setup. The Service Bus entities come from serviceBusEntities.json.
import { AZURITE_ACCOUNT, startAzurite, storageConnectionString } from './azurite.js';
import { startFilesEmulator } from './files/index.js';
import { assertPortFree, findFreePorts } from './ports.js';
import { type ServiceBusEmulatorOptions, startServiceBusEmulator } from './serviceBus/index.js';
import defaultEntities from './serviceBusEntities.json' with { type: 'json' };

export interface EmulatorPorts {
  blob: number;
  queue: number;
  table: number;
  file: number;
  serviceBus: number;
}

export const DEFAULT_EMULATOR_PORTS: EmulatorPorts = {
  blob: 10000,
  queue: 10001,
  table: 10002,
  file: 10003,
  serviceBus: 5672,
};

export interface RunningEmulators {
  ports: EmulatorPorts;
  /** App settings for the emulators: storage and Service Bus connection strings. */
  settings: Record<string, string>;
  stop(): Promise<void>;
}

export interface StartEmulatorsOptions {
  /** Fixed ports (checked first, with a clear message when taken), or 'free' to pick unused ones. */
  ports: EmulatorPorts | 'free';
  /** Persist Azurite's data in this folder instead of memory. */
  persistFolder?: string;
  /** Service Bus topics and subscriptions (default: serviceBusEntities.json). */
  serviceBusEntities?: Pick<ServiceBusEmulatorOptions, 'topics' | 'queues'>;
  /** Called before and after each emulator starts, to show progress. */
  onProgress?: (message: string) => void;
}

export async function startEmulators(options: StartEmulatorsOptions): Promise<RunningEmulators> {
  const progress = options.onProgress ?? (() => {});
  const ports = options.ports === 'free' ? await freePorts() : options.ports;
  if (options.ports !== 'free') {
    await assertPortFree(ports.blob, 'Azurite Blob');
    await assertPortFree(ports.queue, 'Azurite Queue');
    await assertPortFree(ports.table, 'Azurite Table');
    await assertPortFree(ports.file, 'Azure Files emulator');
    await assertPortFree(ports.serviceBus, 'Service Bus emulator (AMQP)');
  }
  const started = performance.now();
  progress(`Starting Azurite (blob ${ports.blob}, queue ${ports.queue}, table ${ports.table})…`);
  const azurite = await startAzurite({
    blobPort: ports.blob,
    queuePort: ports.queue,
    tablePort: ports.table,
    location: options.persistFolder,
  });
  progress(`Azurite ready in ${Math.round(performance.now() - started)} ms (account ${AZURITE_ACCOUNT}).`);
  const files = await startFilesEmulator({ port: ports.file }).catch(async (error: unknown) => {
    await azurite.stop();
    throw error;
  });
  progress(`Azure Files emulator ready on port ${files.port}.`);
  const serviceBus = await startServiceBusEmulator({
    port: ports.serviceBus,
    ...(options.serviceBusEntities ?? defaultEntities),
  }).catch(async (error: unknown) => {
    await Promise.all([azurite.stop(), files.close()]);
    throw error;
  });
  progress(`Service Bus emulator ready on port ${serviceBus.port}.`);
  const storage = storageConnectionString({
    blob: azurite.blobEndpoint,
    queue: azurite.queueEndpoint,
    table: azurite.tableEndpoint,
    file: files.url,
  });
  return {
    ports: { ...ports, file: files.port, serviceBus: serviceBus.port },
    settings: {
      AzureWebJobsStorage: storage,
      EventStorage: storage,
      ServiceBusConnection: serviceBus.connectionString,
    },
    stop: async () => {
      await Promise.all([azurite.stop(), files.close(), serviceBus.close()]);
    },
  };
}

async function freePorts(): Promise<EmulatorPorts> {
  // The Files and Service Bus emulators take a port of their own (0); Azurite needs three distinct ones.
  const [blob, queue, table] = (await findFreePorts(3)) as [number, number, number];
  return { blob, queue, table, file: 0, serviceBus: 0 };
}
