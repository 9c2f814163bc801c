// Spans around an event store's reads and appends: the store type, the stream, how many events, and how many
// storage requests the call made (counted by the SDK clients' pipeline policy, telemetry/requestCount.ts).
import type { Attributes } from '@opentelemetry/api';
import { countRequests } from '../telemetry/requestCount.js';
import { ATTRIBUTES, inSpan, SpanKind } from '../telemetry/tracing.js';
import type { EventStore, StreamId } from './eventStore.js';

export function tracedEventStore(store: EventStore, storeType: string): EventStore {
  const traced = <T>(
    name: string,
    attributes: Attributes,
    work: () => Promise<T>,
    after?: (value: T) => Attributes,
  ) =>
    inSpan(
      name,
      { kind: SpanKind.CLIENT, attributes: { [ATTRIBUTES.storeType]: storeType, ...attributes } },
      async (span) => {
        const value = await countRequests(work, (requests) =>
          span.setAttribute(ATTRIBUTES.storeRequests, requests),
        );
        if (after) span.setAttributes(after(value));
        return value;
      },
    );
  return {
    name: store.name,
    limits: store.limits,
    ...(store.marking && { marking: store.marking }),
    readStream: (stream, options) =>
      traced(
        'store.read',
        streamAttributes(stream),
        () => store.readStream(stream, options),
        (result) => ({
          [ATTRIBUTES.events]: result.events.length,
          [ATTRIBUTES.version]: result.streamVersion,
        }),
      ),
    appendToStream: (stream, expectedVersion, events, options) =>
      traced(
        'store.append',
        {
          ...streamAttributes(stream),
          [ATTRIBUTES.events]: events.length,
          [ATTRIBUTES.version]: expectedVersion + events.length,
        },
        () => store.appendToStream(stream, expectedVersion, events, options),
      ),
    listStreams: (aggregateType, options) =>
      traced('store.list', { [ATTRIBUTES.aggregateType]: aggregateType }, () =>
        store.listStreams(aggregateType, options),
      ),
    checkHealth: () => store.checkHealth(),
    close: async () => store.close?.(),
  };
}

function streamAttributes(stream: StreamId): Attributes {
  return { [ATTRIBUTES.aggregateType]: stream.aggregateType, [ATTRIBUTES.aggregateId]: stream.aggregateId };
}
