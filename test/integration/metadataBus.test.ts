// Event metadata all the way: from the HTTP request to the Service Bus message and into the projection
// runner's input (a recording projection fed by the real `projections` subscription).
import { ServiceBusClient } from '@azure/service-bus';
import { describe, expect, it } from 'vitest';
import { bankAccountEventTypes } from '../../src/domain/bankAccount/events.js';
import { createProjections } from '../../src/projections/index.js';
import type { PerAggregateProjection, ProjectionDocument } from '../../src/projections/projection.js';
import { InMemoryDocumentStore } from '../../src/stores/documents/inMemoryDocumentStore.js';
import type { EventMetadata } from '../../src/stores/eventStore.js';
import { createTestApplication, useApplication } from '../support/application.js';
import { about, subscribeDownstream } from '../support/downstream.js';
import { emulators } from '../support/emulators.js';
import { uniqueId } from '../support/envelopes.js';
import { readStream, sendCommand } from '../support/functions.js';
import { topicName } from '../support/serviceBusTopics.js';

const application = useApplication(
  createTestApplication({ store: 'table', env: { EventsTopicName: topicName('metadata') } }),
);
const downstream = subscribeDownstream('metadata');

const recorder: PerAggregateProjection<{ seen: EventMetadata[] }> = {
  kind: 'per-aggregate',
  name: 'metadata-recorder',
  handles: { 'bank.account': bankAccountEventTypes },
  initialState: () => ({ seen: [] }),
  apply: (state, event) => ({ seen: [...state.seen, event.metadata] }),
};

describe('event metadata beyond the store', () => {
  it('reaches the Service Bus message and the projection runner unchanged', async () => {
    const id = uniqueId('acc');
    const headers = {
      'x-correlation-id': 'journey-7',
      'x-ms-client-principal-name': 'ada@contoso.com',
      'x-source': 'teller-ui',
      'x-commentary': 'Opening at the branch',
      'idempotency-key': 'open-7',
    };
    expect((await sendCommand('bank.account', id, 'open', { owner: 'Ada' }, headers)).status).toBe(200);
    const [stored] = (await readStream('bank.account', id)).json.events as { metadata: EventMetadata }[];
    expect(stored?.metadata).toMatchObject({
      correlationId: 'journey-7',
      who: 'ada@contoso.com',
      source: 'teller-ui',
    });

    const [message] = await downstream.waitFor(about(id), 1);
    expect(message).toBeDefined();
    expect((message?.body as { metadata?: EventMetadata } | undefined)?.metadata).toEqual(stored?.metadata);

    const documents = new InMemoryDocumentStore<ProjectionDocument>();
    const projections = createProjections({
      catalogue: application.registry,
      stores: application.stores,
      definitions: [recorder],
      documents,
    });
    const client = new ServiceBusClient(emulators().settings.ServiceBusConnection as string);
    const receiver = client.createReceiver(topicName('metadata'), 'projections');
    try {
      const deadline = Date.now() + 10_000;
      let handled = false;
      while (!handled && Date.now() < deadline) {
        for (const received of await receiver.receiveMessages(20, { maxWaitTimeInMs: 500 })) {
          if (received.applicationProperties?.aggregateId === id) {
            await projections.runner.handle(received.body);
            handled = true;
          }
          await receiver.completeMessage(received);
        }
      }
      expect(handled).toBe(true);
    } finally {
      await receiver.close();
      await client.close();
    }
    const recorded = await documents.get('metadata-recorder', id);
    expect((recorded?.document.state as { seen?: EventMetadata[] } | undefined)?.seen).toEqual([
      stored?.metadata,
    ]);
  });
});
