// The events a projection sees: envelopes upcast to the current shape of their type (so `apply` never meets
// an old schema version), folded in version order, and read from the event store when a document is behind.
import { type AggregateCatalogue, readEvent } from '../shared/catalogue.js';
import type { EventEnvelope, EventStore, StreamId } from '../stores/eventStore.js';
import { streamKey } from '../stores/streamKey.js';
import { handlesEvent, type ProjectionDefinition, type ProjectionEvent } from './projection.js';

/** The store has not (yet) got events a message implies: retry later (the message is redelivered). */
export class MissingEventsError extends Error {
  override readonly name = 'MissingEventsError';
}

export interface Folded {
  state: unknown;
  /** The version of the last handled event folded in; undefined when none was. */
  version: number | undefined;
  /** The version of the last event read (handled or not). */
  readTo: number;
}

export class ProjectionEvents {
  constructor(
    private readonly catalogue: AggregateCatalogue,
    private readonly storeFor: (aggregateType: string) => EventStore,
  ) {}

  /** The envelope with current-shape `type`/`data`; throws UnreadableStreamError for what this code cannot read. */
  toProjectionEvent(envelope: EventEnvelope): ProjectionEvent {
    const current = readEvent(this.catalogue.aggregate(envelope.aggregateType), envelope);
    return { ...envelope, type: current.type, data: current.data };
  }

  /** Folds the events `definition` handles (others are passed over) into a fold so far. */
  fold(definition: ProjectionDefinition, start: Folded, events: readonly EventEnvelope[]): Folded {
    let { state, version, readTo } = start;
    for (const event of events) {
      readTo = event.version;
      if (!handlesEvent(definition, event.aggregateType, event.type)) continue;
      state = definition.apply(state, this.toProjectionEvent(event));
      version = event.version;
    }
    return { state, version, readTo };
  }

  /** Exactly versions `from`…`to` of a stream (a gap a message revealed); throws if the store lacks any. */
  async readRange(stream: StreamId, from: number, to: number): Promise<EventEnvelope[]> {
    if (to < from) return [];
    const { events } = await this.store(stream).readStream(stream, {
      fromVersion: from,
      limit: to - from + 1,
    });
    if (events.length !== to - from + 1 || events.some((event, index) => event.version !== from + index)) {
      throw new MissingEventsError(
        `${streamKey(stream)}: the event store returned ${events.length} of versions ${from}-${to}; retry later`,
      );
    }
    return events;
  }

  /** Every event of a stream from `from` to its head. */
  async readFrom(stream: StreamId, from = 1): Promise<EventEnvelope[]> {
    return (await this.store(stream).readStream(stream, { fromVersion: from })).events;
  }

  /** Ids of every stream of an aggregate type, page by page. */
  async listStreams(aggregateType: string): Promise<string[]> {
    const ids: string[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.storeFor(aggregateType).listStreams(aggregateType, { continuationToken });
      ids.push(...page.aggregateIds);
      continuationToken = page.continuationToken;
    } while (continuationToken !== undefined);
    return ids;
  }

  /** One page of the ids of an aggregate type's streams. */
  async listStreamsPage(aggregateType: string, continuationToken: string | undefined, pageSize: number) {
    return this.storeFor(aggregateType).listStreams(aggregateType, { continuationToken, pageSize });
  }

  private store(stream: StreamId): EventStore {
    return this.storeFor(stream.aggregateType);
  }
}
