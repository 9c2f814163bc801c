// `npm run consume -- --subscription <name> [--settings FILE]`: an example downstream system. It subscribes to the events
// topic with its own subscription and prints every event it receives (peek-lock, completing each message
// once printed). Ctrl-C stops it. Locally the subscription must exist in src/local/serviceBusEntities.json;
// in Azure, create it next to the `projections` subscription (see the README).

import { parseArgs } from 'node:util';
import { ServiceBusClient } from '@azure/service-bus';
import { resolveServiceBusConnection } from '../src/config/connections.js';
import { loadLocalSettings } from '../src/local/localSettings.js';
import { envelopeOf } from '../src/messaging/eventMessage.js';
import { SERVICE_BUS_CONNECTION } from '../src/messaging/index.js';

const { values } = parseArgs({
  options: {
    subscription: { type: 'string', default: 'downstream' },
    topic: { type: 'string' },
    settings: { type: 'string' },
  },
});

const { source } = loadLocalSettings({ settingsFile: values.settings });
console.error(`[consume] Settings from ${source}.`);
const topic = values.topic ?? process.env.EventsTopicName ?? 'events';
const connection = resolveServiceBusConnection(SERVICE_BUS_CONNECTION, process.env);
const client =
  connection.kind === 'connectionString'
    ? new ServiceBusClient(connection.connectionString)
    : new ServiceBusClient(connection.fullyQualifiedNamespace, connection.credential);
const receiver = client.createReceiver(topic, values.subscription);
let received = 0;

receiver.subscribe(
  {
    processMessage: async (message) => {
      const event = envelopeOf(message);
      received++;
      console.log(
        `${event.occurredAt}  ${event.aggregateType}/${event.aggregateId} v${event.version}  ${event.type}  ` +
          `${JSON.stringify(event.data)}  (correlation ${event.metadata.correlationId})`,
      );
    },
    processError: async ({ error }) => {
      console.error(`[consume] ${error.message}`);
      if ((error as { code?: string }).code === 'MessagingEntityNotFound') {
        console.error(`[consume] No subscription "${values.subscription}" on topic "${topic}".`);
        await stop(1);
      }
    },
  },
  { autoCompleteMessages: true },
);
console.error(`[consume] Listening on ${topic}/${values.subscription}. Ctrl-C to stop.`);

async function stop(code = 0): Promise<void> {
  await receiver.close();
  await client.close();
  console.error(`[consume] ${received} event(s) received.`);
  process.exit(code);
}

process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
