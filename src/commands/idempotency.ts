// Idempotent commands. A command sent with an Idempotency-Key gets a name-based command id (UUID v5 of the
// aggregate, the command name, the key and the canonical payload, as EventFlow's DistinctCommand does),
// which becomes its events' causationId. The key itself is stored in the events' metadata, so the keys
// of a stream's last N keyed commands are remembered atomically with the events they produced, on every
// store, and survive in aggregate snapshots.
import { v5 as uuidv5 } from 'uuid';
import { canonicalJson } from '../shared/canonicalJson.js';
import type { EventEnvelope, StreamId } from '../stores/eventStore.js';

const COMMAND_ID_NAMESPACE = '6a1f3c58-2b7e-5d94-8e0a-4c9b7f2d1e36';
const KEY_NAMESPACE = 'c2d0b7e4-9a31-5f6c-b8e2-71d4a5f90c13';

export interface IdempotencyRecord {
  key: string;
  /** The command id that was run with this key. */
  commandId: string;
  correlationId: string;
  events: { eventId: string; type: string; version: number }[];
}

/** The command id of a keyed command: equal for a repeat of the same command and payload, different otherwise. */
export function commandIdFor(stream: StreamId, commandName: string, key: string, payload: unknown): string {
  return uuidv5(canonicalJson({ ...stream, commandName, key, payload }), COMMAND_ID_NAMESPACE);
}

/**
 * For programmatic callers: a deterministic Idempotency-Key from the parts that identify a command (e.g. an
 * order number and a line), so a retried call carries the same key.
 */
export function idempotencyKeyFor(parts: unknown): string {
  return uuidv5(canonicalJson(parts), KEY_NAMESPACE);
}

/** Adds the keyed commands among `events` to `records`, keeping the last `limit`. */
export function rememberKeys(
  records: IdempotencyRecord[],
  events: EventEnvelope[],
  limit: number,
): IdempotencyRecord[] {
  if (limit <= 0) return [];
  let result = records;
  for (const event of events) {
    const key = event.metadata.idempotencyKey;
    if (key === undefined) continue;
    const summary = { eventId: event.eventId, type: event.type, version: event.version };
    const last = result.at(-1);
    if (last && last.key === key && last.commandId === event.metadata.causationId) {
      result = [...result.slice(0, -1), { ...last, events: [...last.events, summary] }];
    } else {
      const record = {
        key,
        commandId: event.metadata.causationId,
        correlationId: event.metadata.correlationId,
        events: [summary],
      };
      result = [...result.filter((existing) => existing.key !== key), record];
    }
  }
  return result.length > limit ? result.slice(-limit) : result;
}
