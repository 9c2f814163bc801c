// Starts every emulator (Azurite for Blob, Queue and Table; our Azure Files and Service Bus emulators) and
// returns their ports and connection strings. Used by the CLI (cli.ts), the app's test setup and benchmark;
// the Service Bus entities are whatever the caller asks for.
import { join } from 'node:path';
import { AZURITE_ACCOUNT, startAzurite, storageConnectionString } from './azurite/index.js';
import { startFilesEmulator } from './files/index.js';
import { assertPortFree, findFreePorts } from './ports.js';
import { type ServiceBusEmulatorOptions, startServiceBusEmulator } from './serviceBus/index.js';

export interface EmulatorPorts {
  blob: number;
  queue: number;
  table: number;
  file: number;
  serviceBus: number;
}

/** The well-known ports: Azurite's defaults, the next one for Files, and AMQP's. */
export const DEFAULT_EMULATOR_PORTS: EmulatorPorts = {
  blob: 10000,
  queue: 10001,
  table: 10002,
  file: 10003,
  serviceBus: 5672,
};

/** What each port serves, for the messages that name a port. */
export const PORT_PURPOSES: Record<keyof EmulatorPorts, string> = {
  blob: 'Azurite Blob',
  queue: 'Azurite Queue',
  table: 'Azurite Table',
  file: 'Azure Files emulator',
  serviceBus: 'Service Bus emulator (AMQP)',
};

/** The Service Bus topics (with their subscriptions) and queues to create. */
export type ServiceBusEntities = Pick<ServiceBusEmulatorOptions, 'topics' | 'queues'>;

export interface EmulatorConnectionStrings {
  /** The development account, with the Blob, Queue and Table endpoints of Azurite and the Files endpoint. */
  storage: string;
  /** Plain AMQP on localhost (`UseDevelopmentEmulator=true`). */
  serviceBus: string;
}

export interface RunningEmulators {
  ports: EmulatorPorts;
  connectionStrings: EmulatorConnectionStrings;
  /** The Service Bus administration API's certificate (PEM), for NODE_EXTRA_CA_CERTS or a client's `tlsOptions`. */
  serviceBusCertificate: string;
  stop(): Promise<void>;
}

export interface StartEmulatorsOptions {
  /** Fixed ports (checked first, with a clear message when taken), or 'free' to pick unused ones. */
  ports: EmulatorPorts | 'free';
  /** Persist the data in this folder instead of memory: Azurite's in it, the Files emulator's in `files/`, the
   * Service Bus emulator's in `servicebus/`. */
  persistFolder?: string;
  /** Service Bus topics, subscriptions and queues (default: none). */
  serviceBusEntities?: ServiceBusEntities;
  /** Called before and after each emulator starts, to show progress. */
  onProgress?: (message: string) => void;
}

export async function startEmulators(options: StartEmulatorsOptions): Promise<RunningEmulators> {
  const progress = options.onProgress ?? (() => {});
  if (options.ports !== 'free') {
    for (const service of Object.keys(PORT_PURPOSES) as (keyof EmulatorPorts)[])
      await assertPortFree(options.ports[service], PORT_PURPOSES[service]);
  }
  const started = performance.now();
  const { azurite, ports } = await startAzuriteOn(options.ports, options.persistFolder, progress);
  progress(`Azurite ready in ${Math.round(performance.now() - started)} ms (account ${AZURITE_ACCOUNT}).`);
  const files = await startFilesEmulator({
    port: ports.file,
    ...(options.persistFolder === undefined ? {} : { persistFolder: join(options.persistFolder, 'files') }),
  }).catch(async (error: unknown) => {
    await azurite.stop();
    throw error;
  });
  progress(`Azure Files emulator ready on port ${files.port}.`);
  const serviceBus = await startServiceBusEmulator({
    port: ports.serviceBus,
    ...options.serviceBusEntities,
    ...(options.persistFolder ? { persistFolder: options.persistFolder } : {}),
  }).catch(async (error: unknown) => {
    await Promise.all([azurite.stop(), files.close()]);
    throw error;
  });
  progress(`Service Bus emulator ready on port ${serviceBus.port}.`);
  return {
    ports: { ...ports, file: files.port, serviceBus: serviceBus.port },
    connectionStrings: {
      storage: storageConnectionString({
        blob: azurite.blobEndpoint,
        queue: azurite.queueEndpoint,
        table: azurite.tableEndpoint,
        file: files.url,
      }),
      serviceBus: serviceBus.connectionString,
    },
    serviceBusCertificate: serviceBus.certificatePath,
    stop: async () => {
      await Promise.all([azurite.stop(), files.close(), serviceBus.close()]);
    },
  };
}

/**
 * Azurite on the given ports, or on free ones: a port found free is closed again before Azurite binds it, so
 * another process (a test running beside this one) can take it in between; then Azurite is tried on others.
 */
async function startAzuriteOn(
  requested: EmulatorPorts | 'free',
  location: string | undefined,
  progress: (message: string) => void,
) {
  for (let attempt = 1; ; attempt++) {
    const ports = requested === 'free' ? await freePorts() : requested;
    progress(`Starting Azurite (blob ${ports.blob}, queue ${ports.queue}, table ${ports.table})…`);
    try {
      const azurite = await startAzurite({
        blobPort: ports.blob,
        queuePort: ports.queue,
        tablePort: ports.table,
        location,
      });
      return { azurite, ports };
    } catch (error) {
      const taken = error instanceof Error && error.message.includes('EADDRINUSE');
      if (requested !== 'free' || !taken || attempt === 3) throw error;
    }
  }
}

async function freePorts(): Promise<EmulatorPorts> {
  // The Files and Service Bus emulators take a port of their own (0); Azurite needs three distinct ones.
  const [blob, queue, table] = (await findFreePorts(3)) as [number, number, number];
  return { blob, queue, table, file: 0, serviceBus: 0 };
}
