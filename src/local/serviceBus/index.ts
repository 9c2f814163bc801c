// An in-memory Service Bus broker for local development and tests: speaks AMQP 1.0 over plain TCP
// (via rhea in server mode) to the official, unchanged `@azure/service-bus` SDK. Queues, topics
// with subscriptions, peek-lock and receive-and-delete, dead-lettering, lock renewal and expiry,
// duplicate detection and peek; no sessions, transactions, filters or scheduling.
import type { AddressInfo, Server, Socket } from 'node:net';
import type { Connection, EventContext } from 'rhea';
import rhea from 'rhea';
import { Broker } from './broker.js';
import type { ServiceBusEmulatorOptions, SubscriptionDefinition } from './definitions.js';
import { routeLinks } from './linkRouter.js';

export type {
  QueueDefinition,
  ServiceBusEmulatorOptions,
  SubscriptionDefinition,
  TopicDefinition,
} from './definitions.js';

export interface RunningServiceBusEmulator {
  port: number;
  connectionString: string;
  /** add a subscription at run time, e.g. for a downstream consumer or a test */
  addSubscription(topic: string, subscription: SubscriptionDefinition): void;
  close(): Promise<void>;
}

/** How long close() lets clients read the close frame before it drops their sockets. */
const closeGraceInMs = 100;

export async function startServiceBusEmulator(
  options: ServiceBusEmulatorOptions = {},
): Promise<RunningServiceBusEmulator> {
  const host = options.host ?? '127.0.0.1';
  const requestedPort = options.port ?? 5672;
  const broker = new Broker(options);
  // autoaccept off: a transfer is accepted only once stored. Modified (abandon/defer) must not
  // also fire 'released'.
  const container = rhea.create_container({ autoaccept: false, treat_modified_as_released: false });
  routeLinks(container, broker);

  const connections = new Set<Connection>();
  container.on('connection_open', (context: EventContext) => connections.add(context.connection));
  container.on('disconnected', (context: EventContext) => connections.delete(context.connection));

  const server = container.listen({ host, port: requestedPort });
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listening(server, requestedPort).catch((error: unknown) => {
    broker.close();
    throw error;
  });

  const shutDown = async (): Promise<void> => {
    broker.close();
    const forced = { condition: 'amqp:connection:forced', description: 'The emulator is shutting down.' };
    for (const connection of connections) connection.close(forced);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // SDK clients that stay connected would hold server.close() open indefinitely.
    await new Promise((resolve) => setTimeout(resolve, sockets.size > 0 ? closeGraceInMs : 0));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  let closing: Promise<void> | undefined;

  return {
    port,
    connectionString: connectionStringFor(host, port),
    addSubscription: (topic, subscription) => broker.addSubscription(topic, subscription),
    close: () => {
      closing ??= shutDown();
      return closing;
    },
  };
}

const listening = (server: Server, port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Service Bus emulator: port ${port} is already in use`)
          : new Error(`Service Bus emulator: cannot listen on port ${port}: ${error.message}`),
      );
    });
    server.once('listening', () => resolve((server.address() as AddressInfo).port));
  });

/**
 * With `UseDevelopmentEmulator=true`, @azure/core-amqp (>= 4.3) connects over plain TCP to the
 * endpoint's host and port, whatever the host is; naming the address we listen on avoids
 * `localhost` resolving to ::1 where we only listen on 127.0.0.1.
 */
const connectionStringFor = (host: string, port: number): string => {
  const reachableHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const endpointHost = reachableHost.includes(':') ? `[${reachableHost}]` : reachableHost;
  return (
    `Endpoint=sb://${endpointHost}:${port};SharedAccessKeyName=RootManageSharedAccessKey;` +
    'SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;'
  );
};
