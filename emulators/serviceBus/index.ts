// An in-memory Service Bus broker for local development and tests: speaks AMQP 1.0 over plain TCP
// (via rhea in server mode) to the official, unchanged `@azure/service-bus` SDK. Queues, topics
// with subscriptions, peek-lock and receive-and-delete, dead-lettering, lock renewal and expiry,
// duplicate detection and peek; no sessions, transactions, filters or scheduling.
//
// Layers: server.ts (the AMQP listener) → handlers/ (links: CBS, senders, receivers, `$management`)
// → model/ (the broker, its queues, duplicate detection); errors.ts names every AMQP error it returns.
import type { ServiceBusEmulatorOptions, SubscriptionDefinition } from './definitions.js';
import { Broker } from './model/broker.js';
import { listenAmqp } from './server.js';

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

export async function startServiceBusEmulator(
  options: ServiceBusEmulatorOptions = {},
): Promise<RunningServiceBusEmulator> {
  const host = options.host ?? '127.0.0.1';
  const broker = new Broker(options);
  const server = await listenAmqp(broker, host, options.port ?? 5672).catch((error: unknown) => {
    broker.close();
    throw error;
  });
  let closing: Promise<void> | undefined;
  return {
    port: server.port,
    connectionString: connectionStringFor(host, server.port),
    addSubscription: (topic, subscription) => broker.addSubscription(topic, subscription),
    close: () => {
      closing ??= (async () => {
        broker.close();
        await server.close();
      })();
      return closing;
    },
  };
}

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
