// The messaging side of the composition root: the Service Bus client for the `ServiceBusConnection`
// setting, the publisher for the events topic, the publish intents and the sweeper.
import { ServiceBusClient } from '@azure/service-bus';
import { resolveServiceBusConnection } from '../config/connections.js';
import type { Settings } from '../config/settings.js';
import type { EventStores } from '../stores/eventStores.js';
import type { PublishIntentStore } from '../stores/intents/publishIntentStore.js';
import { appMetrics } from '../telemetry/metrics.js';
import { inSpan } from '../telemetry/tracing.js';
import { publishBacklog } from './backlog.js';
import { type EventPublisher, ServiceBusEventPublisher } from './publisher.js';
import { ReliablePublisher } from './reliablePublisher.js';
import { type SweepReport, sweepPublishIntents } from './sweeper.js';

/** The app setting naming the Service Bus connection (as the trigger bindings name it too). */
export const SERVICE_BUS_CONNECTION = 'ServiceBusConnection';
const MARKER_LINGER_IN_MS = 200;

export interface Messaging {
  client: ServiceBusClient;
  publisher: EventPublisher;
  intents: PublishIntentStore;
  publication: ReliablePublisher;
  sweep(): Promise<SweepReport>;
  close(): Promise<void>;
}

export function createMessaging(settings: Settings, stores: EventStores): Messaging {
  const connection = resolveServiceBusConnection(SERVICE_BUS_CONNECTION, settings.env);
  const client =
    connection.kind === 'connectionString'
      ? new ServiceBusClient(connection.connectionString)
      : new ServiceBusClient(connection.fullyQualifiedNamespace, connection.credential);
  const publisher = new ServiceBusEventPublisher(
    client,
    settings.eventsTopicName,
    settings.publishLingerInMs,
  );
  const intents = stores.publishIntents();
  // A busy stream's marker moves on about once per linger; the sweeper leaves markers younger than the sweep
  // delay alone, so the linger stays well inside it.
  const markerLingerInMs = Math.min(MARKER_LINGER_IN_MS, settings.publishSweepAfterInMs / 10);
  const publication = new ReliablePublisher({ intents, publisher, markerLingerInMs });
  return {
    client,
    publisher,
    intents,
    publication,
    sweep: () =>
      inSpan('sweep', {}, async (span) => {
        const report = await sweepPublishIntents({
          intents,
          publisher,
          storeFor: (type) => stores.forAggregateType(type),
          sweepAfterInMs: settings.publishSweepAfterInMs,
          expiryInMs: settings.publishIntentExpiryInMs,
        });
        span.setAttributes({ 'app.sweep.intents': report.intents, 'app.sweep.published': report.published });
        appMetrics().republished.add(report.published);
        await publishBacklog(intents).catch(() => undefined);
        return report;
      }),
    close: async () => {
      await publication.flush();
      await publisher.close();
      await client.close();
    },
  };
}
