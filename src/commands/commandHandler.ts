// The command pipeline: validate, load, decide, append with the expected version; on a lost race re-load
// and decide again, a bounded number of times, then answer 409. `If-Match` turns a lost race into 412.
import { setTimeout as sleep } from 'node:timers/promises';
import { AggregateNotFound, DomainRuleViolated } from '../domain/decider.js';
import { ConcurrencyError, ValidationFailedError, VersionMismatchError } from '../errors.js';
import type { EventMetadata, EventStore, StreamId } from '../stores/eventStore.js';
import { streamKey } from '../stores/streamKey.js';
import { AggregateLoader, foldEvents } from './aggregateLoader.js';
import { toEnvelopes } from './envelopes.js';
import { KeyedLock } from './keyedLock.js';
import type { CommandRegistry } from './registry.js';
import { SequenceClock } from './sequence.js';
import { toValidationIssues } from './validation.js';

export interface CommandRequest extends StreamId {
  commandName: string;
  payload: unknown;
  /** From `If-Match`: the version the client believes the stream is at. */
  expectedVersion?: number;
  idempotencyKey?: string;
  causationId: string;
  correlationId: string;
  who?: string;
  source?: string;
  commentary?: string;
}

export interface CommandResult {
  aggregateType: string;
  aggregateId: string;
  version: number;
  events: { eventId: string; type: string; version: number }[];
  correlationId: string;
}

export interface CommandHandlerOptions {
  registry: CommandRegistry;
  storeFor: (aggregateType: string) => EventStore;
  retryLimit: number;
  now?: () => Date;
  sequence?: SequenceClock;
  /** Aggregates whose state is kept in memory between commands (default 10,000). */
  cacheSize?: number;
}

export class CommandHandler {
  private readonly loader: AggregateLoader;
  private readonly lock = new KeyedLock();
  private readonly sequence: SequenceClock;
  private readonly now: () => Date;

  constructor(private readonly options: CommandHandlerOptions) {
    this.loader = new AggregateLoader(options.cacheSize ?? 10_000);
    this.sequence = options.sequence ?? new SequenceClock();
    this.now = options.now ?? (() => new Date());
  }

  async handle(request: CommandRequest): Promise<CommandResult> {
    const { aggregate, schema } = this.options.registry.command(request.aggregateType, request.commandName);
    const parsed = schema.safeParse(request.payload);
    if (!parsed.success) {
      throw new ValidationFailedError(
        `The ${request.commandName} payload is invalid.`,
        toValidationIssues(parsed.error.issues),
      );
    }
    const stream = { aggregateType: request.aggregateType, aggregateId: request.aggregateId };
    const store = this.options.storeFor(request.aggregateType);
    return this.lock.run(streamKey(stream), async () => {
      let mode: 'cached' | 'catch-up' = 'cached';
      for (let attempt = 0; ; ) {
        const loaded = await this.loader.load(aggregate, store, stream, mode);
        mode = 'catch-up';
        if (request.expectedVersion !== undefined && request.expectedVersion !== loaded.version) {
          if (loaded.fromCache) continue;
          throw versionMismatch(stream, request.expectedVersion, loaded.version);
        }
        const occurredAt = this.now().toISOString();
        let events: ReturnType<typeof aggregate.decider.decide>;
        try {
          const command = { type: request.commandName, data: parsed.data, metadata: { now: occurredAt } };
          events = aggregate.decider.decide(command, loaded.state);
        } catch (error) {
          // A refusal based on a remembered state may be out of date: check against the store first.
          if (loaded.fromCache && (error instanceof DomainRuleViolated || error instanceof AggregateNotFound))
            continue;
          throw error;
        }
        const result = (version: number, appended: { eventId: string; type: string; version: number }[]) => ({
          aggregateType: stream.aggregateType,
          aggregateId: stream.aggregateId,
          version,
          events: appended,
          correlationId: request.correlationId,
        });
        if (events.length === 0) return result(loaded.version, []);
        const envelopes = toEnvelopes(stream, loaded.version, events, {
          occurredAt,
          metadata: eventMetadata(request),
          sequence: this.sequence,
        });
        try {
          await store.appendToStream(stream, loaded.version, envelopes);
        } catch (error) {
          if (!(error instanceof ConcurrencyError)) throw error;
          this.loader.forget(stream);
          if (request.expectedVersion !== undefined) {
            const { streamVersion } = await store.readStream(stream, {
              fromVersion: Number.MAX_SAFE_INTEGER,
            });
            throw versionMismatch(stream, request.expectedVersion, streamVersion);
          }
          if (++attempt > this.options.retryLimit) throw await this.conflict(store, stream, attempt);
          await sleep(Math.random() * Math.min(100, 2 ** attempt));
          continue;
        }
        const state = foldEvents(aggregate, loaded.state, envelopes);
        const version = loaded.version + envelopes.length;
        this.loader.remember(stream, state, version);
        return result(
          version,
          envelopes.map(({ eventId, type, version }) => ({ eventId, type, version })),
        );
      }
    });
  }

  private async conflict(store: EventStore, stream: StreamId, attempts: number): Promise<ConcurrencyError> {
    const { streamVersion } = await store.readStream(stream, { fromVersion: Number.MAX_SAFE_INTEGER });
    return new ConcurrencyError(
      `${streamKey(stream)} kept changing while the command was decided (${attempts} attempts); retry the command.`,
      streamVersion,
    );
  }
}

function eventMetadata(request: CommandRequest): EventMetadata {
  const metadata: EventMetadata = {
    correlationId: request.correlationId,
    causationId: request.causationId,
    commandName: request.commandName,
  };
  if (request.idempotencyKey !== undefined) metadata.idempotencyKey = request.idempotencyKey;
  if (request.who !== undefined) metadata.who = request.who;
  if (request.source !== undefined) metadata.source = request.source;
  if (request.commentary !== undefined) metadata.commentary = request.commentary;
  return metadata;
}

function versionMismatch(stream: StreamId, expected: number, current: number): VersionMismatchError {
  return new VersionMismatchError(
    `If-Match expected ${streamKey(stream)} at version ${expected}, but it is at version ${current}.`,
    current,
  );
}
