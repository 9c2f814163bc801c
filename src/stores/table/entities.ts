// How an event envelope maps to an Azure Table entity and back.
// - RowKey = 19-digit (2^63-1 - version): newest first, version 0 (the stream header) sorts last.
// - The envelope's data and metadata are stored as JSON (lossless for any JSON); data is split into
//   32,000-character chunks because a string property holds at most 64 KiB of UTF-16.
// - Every top-level scalar field of `data` is also written as its own column, for Storage Explorer.
import { PayloadTooLargeError, UnreadableStreamError } from '../../errors.js';
import type { EventEnvelope, StreamId } from '../eventStore.js';

const MAX_ROW = 9223372036854775807n;
export const HEADER_ROW_KEY = toRowKey(0);

export function toRowKey(version: number): string {
  return (MAX_ROW - BigInt(version)).toString().padStart(19, '0');
}

const CHUNK_CHARS = 32_000;
/** A 1 MiB entity holds at most 16 data chunks of 32,000 UTF-16 characters; a larger count is damage. */
const MAX_CHUNKS = 16;
const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;
const MAX_DATA_COLUMNS = 200;
const MAX_COLUMN_STRING = 1024;
// Compared case-insensitively: the SDK also treats `partitionKey`, `rowKey`, `timestamp` and `etag` as the
// entity's own keys, so a data field by one of those names must never become a column.
const SYSTEM_COLUMNS = new Set(
  [
    'PartitionKey',
    'RowKey',
    'Timestamp',
    'EventId',
    'EventType',
    'Version',
    'SchemaVersion',
    'OccurredAt',
    'Sequence',
    'Metadata',
    'DataChunks',
    'CorrelationId',
    'CausationId',
    'CommandName',
    'Who',
    'Source',
    'Commentary',
    'IdempotencyKey',
    'AggregateType',
    'ETag',
  ].map((name) => name.toLowerCase()),
);
const MAX_ENTITY_BYTES = 1024 * 1024;

export type EventEntity = Record<string, unknown> & { partitionKey: string; rowKey: string };

export function toEntity(event: EventEnvelope): EventEntity {
  const { metadata } = event;
  const entity: EventEntity = {
    partitionKey: event.aggregateId,
    rowKey: toRowKey(event.version),
    EventId: event.eventId,
    EventType: event.type,
    Version: event.version,
    SchemaVersion: event.schemaVersion,
    OccurredAt: event.occurredAt,
    Sequence: { value: String(event.sequence), type: 'Int64' },
    CorrelationId: metadata.correlationId,
    CausationId: metadata.causationId,
    CommandName: metadata.commandName,
    ...optionalColumns({
      Who: metadata.who,
      Source: metadata.source,
      Commentary: metadata.commentary,
      IdempotencyKey: metadata.idempotencyKey,
    }),
    Metadata: JSON.stringify(metadata),
    ...scalarColumns(event.data),
  };
  const chunks = chunk(JSON.stringify(event.data));
  chunks.forEach((part, index) => {
    entity[index === 0 ? 'Data' : `Data${index}`] = part;
  });
  entity.DataChunks = chunks.length;
  const size = entitySize(entity);
  if (size > MAX_ENTITY_BYTES) {
    throw new PayloadTooLargeError(
      `Event ${event.type} needs a ${size}-byte table entity; the limit is 1 MiB.`,
    );
  }
  return entity;
}

/**
 * The envelope an entity holds. An entity whose version, data or metadata cannot be read (damaged, or
 * written by something else) makes the stream unreadable at that version: UnreadableStreamError names it.
 */
export function fromEntity(stream: StreamId, entity: Record<string, unknown>): EventEnvelope {
  const version = versionOf(entity);
  const chunks = Number(entity.DataChunks ?? 1);
  if (!Number.isSafeInteger(version) || !Number.isSafeInteger(chunks) || chunks < 1 || chunks > MAX_CHUNKS)
    throw unreadable(stream, version, 'has no valid Version or DataChunks column');
  let dataJson = '';
  for (let index = 0; index < chunks; index++) {
    const part = entity[index === 0 ? 'Data' : `Data${index}`];
    if (typeof part !== 'string') throw unreadable(stream, version, `lacks its Data${index || ''} column`);
    dataJson += part;
  }
  return {
    eventId: String(entity.EventId),
    aggregateType: stream.aggregateType,
    aggregateId: stream.aggregateId,
    version,
    type: String(entity.EventType),
    schemaVersion: Number(entity.SchemaVersion),
    occurredAt: String(entity.OccurredAt),
    sequence: int64(entity.Sequence),
    data: parseJson(stream, version, dataJson, 'Data'),
    metadata: parseJson(stream, version, String(entity.Metadata), 'Metadata') as EventEnvelope['metadata'],
  };
}

/** The Version column, or the version its row key stands for when that column is missing or damaged. */
function versionOf(entity: Record<string, unknown>): number {
  const version = Number(entity.Version);
  if (Number.isSafeInteger(version) && version >= 1) return version;
  const rowKey = typeof entity.rowKey === 'string' ? entity.rowKey : '';
  return /^\d{19}$/.test(rowKey) ? Number(MAX_ROW - BigInt(rowKey)) : Number.NaN;
}

function parseJson(stream: StreamId, version: number, json: string, column: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    throw unreadable(stream, version, `has a ${column} column that is not JSON (damaged)`);
  }
}

function unreadable(stream: StreamId, version: number, reason: string): UnreadableStreamError {
  return new UnreadableStreamError(stream, Number.isSafeInteger(version) ? version : 0, reason);
}

function int64(value: unknown): number {
  if (typeof value === 'object' && value !== null && 'value' in value) return Number(value.value);
  return Number(value);
}

function optionalColumns(columns: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(columns).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** Top-level scalars of `data` as columns; anything that cannot be a clean column stays only in the JSON. */
function scalarColumns(data: unknown): Record<string, unknown> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return {};
  const columns: Record<string, unknown> = {};
  let count = 0;
  for (const [name, value] of Object.entries(data)) {
    if (count >= MAX_DATA_COLUMNS) break;
    if (!COLUMN_NAME.test(name) || SYSTEM_COLUMNS.has(name.toLowerCase()) || /^data\d*$/i.test(name))
      continue;
    const column = toColumn(value);
    if (column === undefined) continue;
    columns[name] = column;
    count++;
  }
  return columns;
}

function toColumn(value: unknown): unknown {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.length <= MAX_COLUMN_STRING ? value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) {
    return Number.isInteger(value) && Math.abs(value) < 2 ** 31
      ? value
      : { value: String(value), type: 'Double' };
  }
  return undefined;
}

/** Splits a string into chunks without cutting a surrogate pair in half. */
function chunk(text: string): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length || chunks.length === 0) {
    let end = Math.min(start + CHUNK_CHARS, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}

/** The entity size as Azure Storage counts it (see "Understanding the Table service data model"). */
export function entitySize(entity: Record<string, unknown>): number {
  let size = 4 + 2 * (entity.partitionKey as string).length + 2 * (entity.rowKey as string).length;
  for (const [name, value] of Object.entries(entity)) {
    if (name === 'partitionKey' || name === 'rowKey') continue;
    size += 8 + 2 * name.length + valueSize(value);
  }
  return size;
}

function valueSize(value: unknown): number {
  if (typeof value === 'string') return 4 + 2 * value.length;
  if (typeof value === 'boolean') return 1;
  return 8;
}
