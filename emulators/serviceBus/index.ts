// An in-memory (or, with `persistFolder`, persistent) Service Bus broker for local development and tests:
// speaks AMQP 1.0 over plain TCP (via rhea in server mode) to the official, unchanged `@azure/service-bus`
// SDK. Queues and topics with subscriptions and rules (SQL and correlation filters), sessions, scheduled
// messages, deferral, peek-lock and receive-and-delete, dead-lettering, lock renewal and expiry, duplicate
// detection and peek.
//
// Layers: server.ts (the listener) → handlers/ (links: CBS, senders, receivers, sessions, `$management`)
// → model/ (the namespace, its entities and queues) and rules/ (filters and actions); errors.ts names every
// AMQP error it returns; admin/ serves the administration API (Atom over HTTPS on the same port).

import { join } from 'node:path';
import { administrationApi } from './admin/administrationApi.js';
import { defaultCertificateFolder, loadOrCreateCertificate } from './admin/certificate.js';
import type { ServiceBusEmulatorOptions, SubscriptionDefinition } from './definitions.js';
import { orThrow } from './model/declare.js';
import { openNamespace } from './persistence/openNamespace.js';
import { listen } from './server.js';

export type {
  CorrelationFilterDefinition,
  QueueDefinition,
  RuleDefinition,
  RuleFilterDefinition,
  ServiceBusEmulatorOptions,
  SubscriptionDefinition,
  TopicDefinition,
} from './definitions.js';

export interface RunningServiceBusEmulator {
  port: number;
  connectionString: string;
  /**
   * The administration API's certificate (PEM): trust it with NODE_EXTRA_CA_CERTS (set before Node starts)
   * or `new ServiceBusAdministrationClient(connectionString, { tlsOptions: { ca } })`.
   */
  certificatePath: string;
  /** add a subscription at run time, e.g. for a downstream consumer or a test */
  addSubscription(topic: string, subscription: SubscriptionDefinition): void;
  close(): Promise<void>;
}

export async function startServiceBusEmulator(
  options: ServiceBusEmulatorOptions = {},
): Promise<RunningServiceBusEmulator> {
  const host = options.host ?? '127.0.0.1';
  const { namespace, closeJournal } = await openNamespace(options);
  const certificate = await loadOrCreateCertificate(
    options.certificateFolder ??
      (options.persistFolder ? join(options.persistFolder, 'servicebus') : defaultCertificateFolder()),
  );
  const https = { cert: certificate.cert, key: certificate.key, handler: administrationApi(namespace) };
  const server = await listen({ namespace, host, port: options.port ?? 5672, https }).catch(
    (error: unknown) => {
      namespace.close();
      throw error;
    },
  );
  let closing: Promise<void> | undefined;
  return {
    port: server.port,
    connectionString: connectionStringFor(host, server.port),
    certificatePath: certificate.path,
    addSubscription: (topic, subscription) => {
      orThrow(namespace.createSubscription(topic, subscription));
      namespace.definitionsChanged();
    },
    close: () => {
      closing ??= (async () => {
        namespace.close();
        await server.close();
        await closeJournal();
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
