// One trace from the HTTP command to the projection, across the Service Bus hop: the command's message carries
// the W3C trace context in its application properties, and the projections function continues it. Also across a
// republish by the sweeper: the event was stored with the command's trace context, so the republished message
// still joins the command's trace, though the sweep runs in a trace of its own. The Azure SDKs' spans join it too.

import functions from '@azure/functions';
import { ServiceBusClient, type ServiceBusReceiver } from '@azure/service-bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProjections } from '../../functions/projections.js';
import { CommandHandler } from '../../src/commands/commandHandler.js';
import { loadTelemetrySettings } from '../../src/config/telemetrySettings.js';
import { ReliablePublisher } from '../../src/messaging/reliablePublisher.js';
import { setApplication } from '../../src/processApplication.js';
import { startTelemetry, type Telemetry } from '../../src/telemetry/sdk/start.js';
import type { SpanView, TraceView } from '../../src/telemetry/sdk/traceRing.js';
import { createTestApplication } from '../support/application.js';
import { emulators } from '../support/emulators.js';
import { uniqueId } from '../support/envelopes.js';
import { sendCommand } from '../support/functions.js';
import { topicName } from '../support/serviceBusTopics.js';

const { InvocationContext } = functions;
let telemetry: Telemetry;
let client: ServiceBusClient;
let receiver: ServiceBusReceiver;

beforeAll(async () => {
  telemetry = await startTelemetry(loadTelemetrySettings({}));
  // The projections function, fed as the Functions host feeds it: the message's properties in its metadata.
  client = new ServiceBusClient(emulators().settings.ServiceBusConnection as string);
  receiver = client.createReceiver(topicName('tracing'), 'projections');
  receiver.subscribe(
    {
      processMessage: (message) =>
        runProjections(
          message.body,
          new InvocationContext({
            functionName: 'runProjections',
            triggerMetadata: { applicationProperties: message.applicationProperties ?? {} },
          }),
        ),
      processError: async () => {},
    },
    { autoCompleteMessages: true },
  );
});
afterAll(async () => {
  await receiver.close();
  await client.close();
});

const table = createTestApplication({ store: 'table', env: { EventsTopicName: topicName('tracing') } });
const files = createTestApplication({
  store: 'files',
  intentsTable: 'itesttracingintents',
  env: { EventsTopicName: topicName('tracing'), PublishSweepAfterInMs: '0' },
});

/** Waits until the kept traces of `correlationId` hold a span named `name`. */
async function tracesOnceThere(correlationId: string, name: string): Promise<TraceView[]> {
  for (const started = Date.now(); Date.now() - started < 20_000; ) {
    const traces = telemetry.ring?.tracesWith(correlationId) ?? [];
    if (traces.some((trace) => trace.spans.some((span) => span.name === name))) return traces;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`No span ${name} for ${correlationId}`);
}

/** Opens an account with a correlation id of its own, runs `then`, and returns the one trace that shows up. */
async function openTraced(then: () => Promise<void>) {
  const id = uniqueId('acc');
  const correlationId = uniqueId('corr');
  const headers = { 'x-correlation-id': correlationId };
  expect((await sendCommand('bank.account', id, 'open', { owner: 'Ada' }, headers)).status).toBe(200);
  await then();
  // The runner's message span ends last, after the projections' spans within it.
  const traces = await tracesOnceThere(correlationId, 'projections AccountOpened');
  expect(traces).toHaveLength(1);
  return { id, correlationId, trace: traces[0] as TraceView };
}

function only(trace: TraceView, name: string): SpanView {
  const found = trace.spans.filter((span) => span.name === name);
  expect(found.map((span) => span.name)).toEqual([name]);
  return found[0] as SpanView;
}

/** Every span's parent is in the trace, but the root's (the HTTP request's), which has none. */
function expectLinkedTree(trace: TraceView, root: SpanView): void {
  const ids = new Set(trace.spans.map((span) => span.spanId));
  expect(root.parentSpanId).toBeUndefined();
  for (const span of trace.spans) {
    if (span !== root) expect(ids.has(span.parentSpanId ?? ''), `parent of ${span.name}`).toBe(true);
  }
}

describe('one trace from the command to the projection', () => {
  beforeAll(() => setApplication(table));
  afterAll(() => setApplication(undefined));

  it('holds the HTTP span, the append, the publish and the projection runner, linked across the bus', async () => {
    const { id, correlationId, trace } = await openTraced(async () => {});
    const http = only(trace, 'POST test');
    const command = only(trace, 'command bank.account open');
    const append = only(trace, 'store.append');
    const publish = only(trace, 'publish');
    const message = only(trace, 'projections AccountOpened');
    const projection = only(trace, 'projection account-balance');
    expectLinkedTree(trace, http);
    expect(http).toMatchObject({ kind: 'server', attributes: { 'app.correlation_id': correlationId } });
    expect(command).toMatchObject({
      parentSpanId: http.spanId,
      attributes: {
        'app.aggregate_id': id,
        'app.outcome': 'accepted',
        'app.version': 1,
        'app.conflicts_retried': 0,
      },
    });
    expect(append).toMatchObject({
      parentSpanId: command.spanId,
      kind: 'client',
      attributes: { 'app.store.type': 'table' },
    });
    expect(append.attributes['app.store.requests']).toBeGreaterThanOrEqual(1);
    // The Azure SDKs' own spans join the trace: the Table operations under the append, each HTTP try under those,
    // and the Service Bus send under the publish.
    const tableOperations = trace.spans.filter(
      (span) =>
        span.parentSpanId === append.spanId && span.attributes['az.namespace'] === 'Microsoft.Data.Tables',
    );
    expect(tableOperations.map((span) => span.name)).toContain('TableTransaction.submitTransaction');
    const tries = trace.spans.filter((span) => tableOperations.some((op) => op.spanId === span.parentSpanId));
    expect(tries.filter((span) => span.kind === 'client' && /^HTTP [A-Z]+$/.test(span.name))).not.toEqual([]);
    expect(only(trace, 'ServiceBusSender.send')).toMatchObject({
      parentSpanId: publish.spanId,
      kind: 'client',
    });
    expect(publish).toMatchObject({ parentSpanId: command.spanId, kind: 'producer' });
    // The Service Bus hop: the runner continues the publish span's context that the message carried.
    expect(message).toMatchObject({ parentSpanId: publish.spanId, kind: 'consumer' });
    expect(projection).toMatchObject({
      parentSpanId: message.spanId,
      attributes: { 'app.outcome': 'applied' },
    });
    expect(projection.attributes['app.lag_ms']).toBeGreaterThanOrEqual(0);
  });
});

describe('one trace across a republish by the sweeper', () => {
  const failing = new CommandHandler({
    registry: files.registry,
    storageFor: (type) => files.stores.storageFor(type),
    retryLimit: 3,
    publication: new ReliablePublisher({
      intents: files.messaging.intents,
      publisher: { ...files.messaging.publisher, publish: async () => Promise.reject(new Error('bus down')) },
      onError: () => {},
    }),
  });
  beforeAll(() => setApplication({ ...files, commands: failing }));
  afterAll(() => setApplication(undefined));

  it('puts the projection span of the republished event in the command trace', async () => {
    const { trace } = await openTraced(async () => {
      const report = await files.messaging.sweep();
      expect(report.published).toBeGreaterThanOrEqual(1);
    });
    const http = only(trace, 'POST test');
    const command = only(trace, 'command bank.account open');
    only(trace, 'store.append');
    only(trace, 'publish.intent');
    // Publishing failed (no message was sent); the sweep's own publish span is in the sweep's trace.
    expect(trace.spans.filter((span) => span.name === 'publish' || span.name === 'sweep')).toEqual([]);
    const message = only(trace, 'projections AccountOpened');
    expectLinkedTree(trace, http);
    // The republished message carried the context the event was stored with: the command's.
    expect(message).toMatchObject({ parentSpanId: command.spanId, kind: 'consumer' });
  });
});
