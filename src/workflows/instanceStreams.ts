// Loading and appending workflow instances: each is an event stream of its own aggregate type, stored where the
// configuration map puts that type, appended with the expected version (two engines taking inputs for one
// instance cannot both win) and published like every other stream. Recently used instances stay in memory
// (the append's version check catches anything the memory missed).
import { AggregateLoader } from '../commands/aggregateLoader.js';
import { toEnvelopes } from '../commands/envelopes.js';
import { appendPublished, type Publication } from '../commands/publication.js';
import { SequenceClock } from '../commands/sequence.js';
import { foldEvents } from '../shared/catalogue.js';
import { type Clock, systemClock } from '../shared/clock.js';
import type { StreamId } from '../shared/envelope.js';
import type { AggregateStorage } from '../stores/eventStores.js';
import { currentTraceparent } from '../telemetry/tracing.js';
import { type Instance, type InstanceEvent, instanceAggregate } from './instance.js';
import { instanceType, type WorkflowDefinition } from './workflow.js';

export interface LoadedInstance<State = unknown> {
  stream: StreamId;
  instance: Instance<State>;
  version: number;
}

/** The metadata of an instance's events: what made the engine append them. */
export interface EventCause {
  /** What the engine did: `take-input`, `arm-timer`, `mark-stuck`, `resume`. */
  commandName: string;
  /** The input (or operator request) being handled. */
  causationId: string;
  correlationId: string;
}

export interface InstanceStreamsOptions {
  storageFor: (aggregateType: string) => AggregateStorage;
  publication?: Publication;
  now?: Clock;
  /** Instances kept in memory (default 5,000). */
  cacheSize?: number;
}

export class InstanceStreams {
  private readonly loader: AggregateLoader;
  private readonly sequence = new SequenceClock();
  private readonly now: Clock;

  constructor(private readonly options: InstanceStreamsOptions) {
    this.loader = new AggregateLoader(options.cacheSize ?? 5_000);
    this.now = options.now ?? systemClock;
  }

  /** `cached` trusts a remembered instance; `catch-up` reads what the store holds after it. */
  async load<State>(
    definition: WorkflowDefinition<State>,
    instanceId: string,
    mode: 'cached' | 'catch-up' = 'cached',
  ): Promise<LoadedInstance<State>> {
    const stream = { aggregateType: instanceType(definition), aggregateId: instanceId };
    const storage = this.options.storageFor(stream.aggregateType);
    const loaded = await this.loader.load(instanceAggregate(definition), storage, stream, mode);
    return { stream, instance: loaded.state as Instance<State>, version: loaded.version };
  }

  /** Appends after `loaded.version`; throws ConcurrencyError when another writer got there first. */
  async append<State>(
    definition: WorkflowDefinition<State>,
    loaded: LoadedInstance<State>,
    events: InstanceEvent[],
    cause: EventCause,
  ): Promise<LoadedInstance<State>> {
    const { stream, version } = loaded;
    const storage = this.options.storageFor(stream.aggregateType);
    const envelopes = toEnvelopes(stream, version, events, {
      occurredAt: this.now().toISOString(),
      metadata: { ...cause, ...withTraceparent(currentTraceparent()) },
      sequence: this.sequence,
      schemaVersion: () => 1,
    });
    try {
      const { position } = await appendPublished(
        storage,
        stream,
        version,
        envelopes,
        this.options.publication,
      );
      const aggregate = instanceAggregate(definition);
      const instance = foldEvents(aggregate, loaded.instance, envelopes) as Instance<State>;
      const next = { stream, instance, version: version + envelopes.length };
      this.loader.remember(stream, { state: instance, version: next.version, position, idempotency: [] });
      return next;
    } catch (error) {
      this.loader.forget(stream);
      throw error;
    }
  }
}

function withTraceparent(traceparent: string | undefined): { traceparent?: string } {
  return traceparent === undefined ? {} : { traceparent };
}
