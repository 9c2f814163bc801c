// The command pipeline: validate, load, decide, append with the expected version; on a lost race re-load
// and decide again, a bounded number of times, then answer 409. `If-Match` turns a lost race into 412, and
// an Idempotency-Key already applied returns the original result without appending.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AggregateDefinition,
  AggregateNotFound,
  type DomainEvent,
  DomainRuleViolated,
} from '../domain/decider.js';
import { currentSchemaVersion } from '../domain/upcasting.js';
import {
  ConcurrencyError,
  IdempotencyKeyReusedError,
  ValidationFailedError,
  VersionMismatchError,
} from '../errors.js';
import { foldEvents } from '../shared/catalogue.js';
import { type Clock, systemClock } from '../shared/clock.js';
import type { StreamId } from '../stores/eventStore.js';
import type { AggregateStorage } from '../stores/eventStores.js';
import { streamKey } from '../stores/streamKey.js';
import { AggregateLoader, type LoadedAggregate } from './aggregateLoader.js';
import {
  type CommandContext,
  type CommandOutcome,
  commandResult,
  eventMetadata,
  replayOf,
} from './commandResult.js';
import { type CommandAttempts, tracedCommand } from './commandTelemetry.js';
import { toEnvelopes } from './envelopes.js';
import { commandIdFor, rememberKeys } from './idempotency.js';
import { KeyedLock } from './keyedLock.js';
import { appendPublished, type Publication } from './publication.js';
import type { CommandRegistry } from './registry.js';
import { SequenceClock } from './sequence.js';
import { SnapshotWriter } from './snapshotWriter.js';
import { toValidationIssues } from './validation.js';

export type { CommandOutcome, CommandResult } from './commandResult.js';

export interface CommandRequest extends StreamId, CommandContext {
  payload: unknown;
  /** From `If-Match`: the version the client believes the stream is at. */
  expectedVersion?: number;
}

export interface CommandHandlerOptions {
  registry: CommandRegistry;
  storageFor: (aggregateType: string) => AggregateStorage;
  retryLimit: number;
  now?: Clock;
  sequence?: SequenceClock;
  /** Aggregates whose state is kept in memory between commands (default 5,000). */
  cacheSize?: number;
  /** Publishes appended events reliably; without it, events are stored but not published (tests, tools). */
  publication?: Publication;
}

/** A validated command with everything its attempts share. */
interface PreparedCommand {
  request: CommandRequest;
  aggregate: AggregateDefinition;
  stream: StreamId;
  data: unknown;
  storage: AggregateStorage;
  context: CommandContext;
  attempts: CommandAttempts;
}

export class CommandHandler {
  readonly snapshots: SnapshotWriter;
  private readonly loader: AggregateLoader;
  private readonly lock = new KeyedLock();
  private readonly sequence: SequenceClock;
  private readonly now: Clock;

  constructor(private readonly options: CommandHandlerOptions) {
    this.loader = new AggregateLoader(options.cacheSize ?? 5_000);
    this.sequence = options.sequence ?? new SequenceClock();
    this.now = options.now ?? systemClock;
    this.snapshots = new SnapshotWriter(this.now);
  }

  handle(request: CommandRequest): Promise<CommandOutcome> {
    return tracedCommand(request, (attempts) => this.handleTraced(request, attempts));
  }

  private async handleTraced(request: CommandRequest, attempts: CommandAttempts): Promise<CommandOutcome> {
    const { aggregate, schema } = this.options.registry.command(request.aggregateType, request.commandName);
    const parsed = schema.safeParse(request.payload);
    if (!parsed.success) {
      throw new ValidationFailedError(
        `The ${request.commandName} payload is invalid.`,
        toValidationIssues(parsed.error.issues),
      );
    }
    const stream = { aggregateType: request.aggregateType, aggregateId: request.aggregateId };
    const key = request.idempotencyKey;
    const command: PreparedCommand = {
      request,
      aggregate,
      stream,
      data: parsed.data,
      storage: this.options.storageFor(request.aggregateType),
      // A keyed command gets a name-based id, so a repeat of it is recognised by the events it left.
      context: key
        ? { ...request, causationId: commandIdFor(stream, request.commandName, key, parsed.data) }
        : request,
      attempts,
    };
    return this.lock.run(streamKey(stream), () => this.run(command));
  }

  /** Load, decide, append; after a lost race, catch up and decide again (bounded). */
  private async run(command: PreparedCommand): Promise<CommandOutcome> {
    let mode: 'cached' | 'catch-up' = 'cached';
    for (let conflicts = 0; ; mode = 'catch-up') {
      const loaded = await this.loader.load(command.aggregate, command.storage, command.stream, mode);
      const now = this.now().toISOString(); // the decider's `now` is the events' `occurredAt`
      const decision = this.decideOn(command, loaded, now);
      if (decision === 'recheck') continue;
      if (!Array.isArray(decision)) return decision;
      try {
        return await this.commit(command, loaded, decision, now);
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        command.attempts.conflicts = ++conflicts;
        await this.lostRace(command, conflicts);
      }
    }
  }

  /**
   * What the command does to the loaded aggregate: its new events, an earlier outcome (idempotent replay, or no
   * events), or 'recheck' when a refusal rests on a remembered state that may be out of date.
   */
  private decideOn(
    command: PreparedCommand,
    loaded: LoadedAggregate,
    now: string,
  ): DomainEvent[] | CommandOutcome | 'recheck' {
    const { request, stream, context } = command;
    const key = request.idempotencyKey;
    const earlier = key === undefined ? undefined : loaded.idempotency.find((record) => record.key === key);
    if (earlier) {
      if (earlier.commandId === context.causationId) return replayOf(stream, earlier);
      throw new IdempotencyKeyReusedError(
        `Idempotency-Key ${JSON.stringify(key)} was already used on ${streamKey(stream)} for another command or payload.`,
      );
    }
    if (request.expectedVersion !== undefined && request.expectedVersion !== loaded.version) {
      if (loaded.fromCache) return 'recheck';
      throw versionMismatch(stream, request.expectedVersion, loaded.version);
    }
    let events: DomainEvent[];
    try {
      const decided = {
        type: request.commandName,
        data: command.data,
        metadata: { now },
      };
      events = command.aggregate.decider.decide(decided, loaded.state);
    } catch (error) {
      if (loaded.fromCache && (error instanceof DomainRuleViolated || error instanceof AggregateNotFound)) {
        return 'recheck';
      }
      throw error;
    }
    if (events.length === 0) {
      return { result: commandResult(stream, loaded.version, [], context.correlationId), replayed: false };
    }
    return events;
  }

  /** Appends the events, then remembers the new state and maybe snapshots it. */
  private async commit(
    command: PreparedCommand,
    loaded: LoadedAggregate,
    events: DomainEvent[],
    now: string,
  ): Promise<CommandOutcome> {
    const { aggregate, stream, storage, context } = command;
    const envelopes = toEnvelopes(stream, loaded.version, events, {
      occurredAt: now,
      metadata: eventMetadata(context),
      sequence: this.sequence,
      schemaVersion: (type) => currentSchemaVersion(aggregate, type),
    });
    const { position } = await appendPublished(
      storage,
      stream,
      loaded.version,
      envelopes,
      this.options.publication,
    );
    const version = loaded.version + envelopes.length;
    const updated = {
      state: foldEvents(aggregate, loaded.state, envelopes),
      version,
      position,
      idempotency: rememberKeys(loaded.idempotency, envelopes, storage.idempotencyKeys),
    };
    this.loader.remember(stream, updated);
    this.snapshots.maybeTake(aggregate, storage, stream, loaded.version, updated);
    return { result: commandResult(stream, version, envelopes, context.correlationId), replayed: false };
  }

  /** After a lost race: 412 under If-Match, 409 once the retries are spent, else a short jittered pause. */
  private async lostRace(command: PreparedCommand, conflicts: number): Promise<void> {
    const { request, stream, storage } = command;
    this.loader.forget(stream);
    if (request.expectedVersion !== undefined) {
      throw versionMismatch(stream, request.expectedVersion, await this.headVersion(storage, stream));
    }
    if (conflicts > this.options.retryLimit) {
      throw new ConcurrencyError(
        `${streamKey(stream)} kept changing while the command was decided (${conflicts} attempts); retry the command.`,
        await this.headVersion(storage, stream),
      );
    }
    await sleep(Math.random() * Math.min(100, 2 ** conflicts));
  }

  private async headVersion(storage: AggregateStorage, stream: StreamId): Promise<number> {
    return (await storage.store.readStream(stream, { fromVersion: Number.MAX_SAFE_INTEGER })).streamVersion;
  }
}

function versionMismatch(stream: StreamId, expected: number, current: number): VersionMismatchError {
  return new VersionMismatchError(
    `If-Match expected ${streamKey(stream)} at version ${expected}, but it is at version ${current}.`,
    current,
  );
}
