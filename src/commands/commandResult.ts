// The result of a command as the HTTP contract returns it, for a fresh run or an idempotent replay.
import type { EventEnvelope, EventMetadata, StreamId } from '../stores/eventStore.js';
import { currentTraceparent } from '../telemetry/tracing.js';
import type { IdempotencyRecord } from './idempotency.js';

export interface CommandResult {
  aggregateType: string;
  aggregateId: string;
  version: number;
  events: { eventId: string; type: string; version: number }[];
  correlationId: string;
}

export interface CommandOutcome {
  result: CommandResult;
  /** True when an earlier run with the same Idempotency-Key is being returned. */
  replayed: boolean;
}

export function commandResult(
  stream: StreamId,
  version: number,
  events: EventEnvelope[],
  correlationId: string,
) {
  return resultOf(
    stream,
    version,
    events.map(({ eventId, type, version }) => ({ eventId, type, version })),
    correlationId,
  );
}

/** The original result of a keyed command, rebuilt from what its events recorded: the same bytes as before. */
export function replayOf(stream: StreamId, record: IdempotencyRecord): CommandOutcome {
  const version = record.events.at(-1)?.version ?? 0;
  return { result: resultOf(stream, version, record.events, record.correlationId), replayed: true };
}

function resultOf(
  stream: StreamId,
  version: number,
  events: CommandResult['events'],
  correlationId: string,
): CommandResult {
  return {
    aggregateType: stream.aggregateType,
    aggregateId: stream.aggregateId,
    version,
    events,
    correlationId,
  };
}

export interface CommandContext {
  commandName: string;
  causationId: string;
  correlationId: string;
  idempotencyKey?: string;
  who?: string;
  source?: string;
  commentary?: string;
}

export function eventMetadata(context: CommandContext): EventMetadata {
  const metadata: EventMetadata = {
    correlationId: context.correlationId,
    causationId: context.causationId,
    commandName: context.commandName,
  };
  if (context.idempotencyKey !== undefined) metadata.idempotencyKey = context.idempotencyKey;
  if (context.who !== undefined) metadata.who = context.who;
  if (context.source !== undefined) metadata.source = context.source;
  if (context.commentary !== undefined) metadata.commentary = context.commentary;
  const traceparent = currentTraceparent();
  if (traceparent !== undefined) metadata.traceparent = traceparent;
  return metadata;
}
