// Azure Table event store. One table per aggregate type; PartitionKey = aggregate id; RowKey = inverted,
// zero-padded version. Each stream has a header entity (version 0's row key) holding the head version; every
// append updates it with If-Match in the same entity-group transaction as the new events, so an append
// proves its expected version is the head and versions stay contiguous under any number of writers. The
// header's `Marked` column records that the stream's standing publication marker exists: an append that must
// be covered by it (AppendOptions.ensureMarker) to a marked header is that one transaction; to an unmarked
// one, the marker is ensured first and the transaction sets `Marked`. The sweeper clears it (marking.unmark)
// with If-Match before it retires a marker, so a writer holding the old ETag fails and ensures a new one.
import type { TableClient, TableEntityResult, TransactionAction } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import { LRUCache } from 'lru-cache';
import { ConcurrencyError, PayloadTooLargeError } from '../../errors.js';
import { type Clock, systemClock } from '../../shared/clock.js';
import { DEFAULT_LIMITS, preparedAppend } from '../appendChecks.js';
import { emptyWhenMissing, isRestError, mapUnavailable, probeHealth } from '../azureErrors.js';
import type * as Port from '../eventStore.js';
import { readResult, streamKey, versionPosition } from '../streamKey.js';
import { entitySize, fromEntity, HEADER_ROW_KEY, toEntity, toRowKey } from './entities.js';
import { landed, RetriedRequests } from './retriedRequests.js';
import { type Header, unmarkHeader } from './streamHeader.js';

/** Azure allows 4 MiB per entity-group transaction; keep room for the multipart framing. */
const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024 - 64 * 1024;

export interface TableEventStoreOptions {
  /** Returns a client for one table; the factory decides how it authenticates. */
  tableClient: (tableName: string) => TableClient;
  /** Table names are `<tablePrefix><AggregateTypeInPascalCase>`, e.g. `eventsBankAccount`. */
  tablePrefix: string;
  /** The stream header's UpdatedAt/CreatedAt (default: the system clock). */
  clock?: Clock;
}

export class TableEventStore implements Port.EventStore {
  readonly name = 'table';
  readonly limits = DEFAULT_LIMITS;
  private readonly clients = new Map<string, TableClient>();
  private readonly retried = new RetriedRequests();
  /**
   * Head version and ETag of recently used stream headers, so an append to a stream this process just read
   * or wrote needs no extra request. A stale entry is harmless: its If-Match fails and the append reports
   * a concurrency conflict.
   */
  private readonly headers = new LRUCache<string, Header>({ max: 10_000 });
  readonly marking: Port.StreamMarking = { unmark: (stream, version) => this.unmark(stream, version) };

  constructor(private readonly options: TableEventStoreOptions) {}

  tableName(aggregateType: string): string {
    return tableNameFor(this.options.tablePrefix, aggregateType);
  }

  async readStream(stream: Port.StreamId, options?: Port.ReadStreamOptions): Promise<Port.ReadStreamResult> {
    const from = options?.after ? options.after.version + 1 : Math.max(1, options?.fromVersion ?? 1);
    const to = options?.limit === undefined ? undefined : from + options.limit - 1;
    try {
      let { events, header } = await this.query(stream, from, to);
      const head = Number(header?.Version ?? 0);
      const lastRead = events.at(-1)?.version ?? from - 1;
      if (to === undefined && lastRead < head && lastRead >= from - 1) {
        // An append landed while a multi-page query was under way: fetch what it added.
        const rest = await this.query(stream, lastRead + 1, head);
        events = events.concat(rest.events);
      }
      const marked = header?.Marked === true;
      if (header?.etag)
        this.headers.set(streamKey(stream), { version: head, etag: String(header.etag), marked });
      const window = events.filter((event) => to === undefined || event.version <= Math.min(to, head));
      const last = window.at(-1);
      return readResult(window, head, last && versionPosition(last.version));
    } catch (error) {
      return emptyWhenMissing(this.name, error, { events: [], streamVersion: 0 });
    }
  }

  async appendToStream(
    stream: Port.StreamId,
    expectedVersion: number,
    events: Port.EventEnvelope[],
    options?: Port.AppendOptions,
  ): Promise<Port.AppendResult> {
    preparedAppend(stream, expectedVersion, events, this.limits, options);
    const entities = events.map(toEntity);
    const size = entities.reduce((sum, entity) => sum + entitySize(entity), 0);
    if (size > MAX_TRANSACTION_BYTES) {
      throw new PayloadTooLargeError(
        `The command's events need ${size} bytes; a table transaction holds 4 MiB.`,
      );
    }
    const key = streamKey(stream);
    const version = expectedVersion + events.length;
    try {
      const { action, marked } = await this.headerAction(stream, expectedVersion, version, options);
      const actions: TransactionAction[] = [
        action,
        ...entities.map((entity): TransactionAction => ['create', entity]),
      ];
      const response = await this.submit(stream.aggregateType, actions);
      const etag = response.subResponses[0]?.etag;
      if (etag) this.headers.set(key, { version, etag, marked });
      else this.headers.delete(key);
      return { streamVersion: version, position: versionPosition(version) };
    } catch (error) {
      if (isRestError(error, 409) || isRestError(error, 412) || error instanceof ConcurrencyError) {
        this.headers.delete(key);
        if (error instanceof ConcurrencyError) throw error;
        const client = this.client(stream.aggregateType);
        const check = () =>
          landed(client, stream, events[0]).catch((e: unknown) => mapUnavailable(this.name, e));
        const ours = this.retried.wasRetried(error) && (await check());
        if (ours) return { streamVersion: version, position: versionPosition(version) };
        throw new ConcurrencyError(`Stream ${key} is no longer at version ${expectedVersion}.`);
      }
      return mapUnavailable(this.name, error);
    }
  }

  async listStreams(aggregateType: string, options?: Port.ListStreamsOptions): Promise<Port.ListStreamsPage> {
    const client = this.client(aggregateType);
    try {
      const pages = client
        .listEntities({
          queryOptions: { filter: odata`RowKey eq ${HEADER_ROW_KEY}`, select: ['PartitionKey'] },
        })
        .byPage({ maxPageSize: options?.pageSize ?? 1000, continuationToken: options?.continuationToken });
      const page:
        | (TableEntityResult<Record<string, unknown>>[] & { continuationToken?: string })
        | undefined = (await pages.next()).value;
      if (!page) return { aggregateIds: [] };
      const aggregateIds = page.map((entity) => entity.partitionKey as string);
      return page.continuationToken
        ? { aggregateIds, continuationToken: page.continuationToken }
        : { aggregateIds };
    } catch (error) {
      return emptyWhenMissing(this.name, error, { aggregateIds: [] });
    }
  }

  async checkHealth(): Promise<void> {
    await probeHealth(this.name, () =>
      this.client('health.check').listEntities().byPage({ maxPageSize: 1 }).next(),
    );
  }

  /** One query for the event window and the header; results arrive newest first, header last. */
  private async query(stream: Port.StreamId, from: number, to: number | undefined) {
    const id = stream.aggregateId;
    const filter =
      to === undefined
        ? odata`PartitionKey eq ${id} and (RowKey le ${toRowKey(from)} or RowKey eq ${HEADER_ROW_KEY})`
        : odata`PartitionKey eq ${id} and ((RowKey le ${toRowKey(from)} and RowKey ge ${toRowKey(to)}) or RowKey eq ${HEADER_ROW_KEY})`;
    const events: Port.EventEnvelope[] = [];
    let header: Record<string, unknown> | undefined;
    for await (const entity of this.client(stream.aggregateType).listEntities({ queryOptions: { filter } })) {
      if (entity.rowKey === HEADER_ROW_KEY) header = entity;
      else events.push(fromEntity(stream, entity));
    }
    return { events: events.reverse(), header };
  }

  /**
   * The header action proving `expectedVersion` is the head (insert for a new stream, If-Match update
   * otherwise), and whether the header records the marker after it. When the append must be covered by the
   * marker and the header it learned does not record it, the marker is ensured first (after learning the head).
   */
  private async headerAction(
    stream: Port.StreamId,
    expectedVersion: number,
    version: number,
    options: Port.AppendOptions | undefined,
  ): Promise<{ action: TransactionAction; marked: boolean }> {
    const now = this.now();
    const base = {
      partitionKey: stream.aggregateId,
      rowKey: HEADER_ROW_KEY,
      Version: version,
      UpdatedAt: now,
    };
    const key = streamKey(stream);
    let cached = this.headers.get(key);
    if (cached ? cached.version !== expectedVersion : expectedVersion > 0) {
      const { streamVersion } = await this.readStream(stream, { fromVersion: Number.MAX_SAFE_INTEGER });
      cached = this.headers.get(key);
      if (streamVersion !== expectedVersion || (!cached && expectedVersion > 0)) {
        throw new ConcurrencyError(
          `Stream ${key} is at version ${streamVersion}, not ${expectedVersion}.`,
          streamVersion,
        );
      }
    }
    const ensureMarker = options?.ensureMarker;
    const mark = ensureMarker !== undefined && !cached?.marked;
    if (mark) await ensureMarker(expectedVersion);
    const marked = mark || cached?.marked === true;
    if (!cached) {
      const created = { ...base, AggregateType: stream.aggregateType, CreatedAt: now, Marked: mark };
      return { action: ['create', created], marked };
    }
    return {
      action: ['update', mark ? { ...base, Marked: true } : base, 'Merge', { etag: cached.etag }],
      marked,
    };
  }

  /** StreamMarking.unmark, on the header as it is now. */
  private async unmark(stream: Port.StreamId, version: number): Promise<boolean> {
    this.headers.delete(streamKey(stream));
    const submit = (actions: TransactionAction[]) => this.submit(stream.aggregateType, actions);
    try {
      const left = await unmarkHeader(this.client(stream.aggregateType), stream, version, this.now(), submit);
      if (typeof left === 'object') this.headers.set(streamKey(stream), left);
      return left !== false;
    } catch (error) {
      return mapUnavailable(this.name, error);
    }
  }

  private readonly now = () => (this.options.clock ?? systemClock)().toISOString();
  private async submit(aggregateType: string, actions: TransactionAction[]) {
    const client = this.client(aggregateType);
    try {
      return await client.submitTransaction(actions);
    } catch (error) {
      // Tables are created on first use, so no request is spent checking for them on the hot path.
      if (!isRestError(error, 404, 'TableNotFound')) throw error;
      await client.createTable();
      return client.submitTransaction(actions);
    }
  }

  private client(aggregateType: string): TableClient {
    const name = this.tableName(aggregateType);
    let client = this.clients.get(name);
    if (!client) {
      client = this.retried.watch(this.options.tableClient(name));
      this.clients.set(name, client);
    }
    return client;
  }
}

/** `events` + `bank.account` → `eventsBankAccount` (tables allow only letters and digits). */
export function tableNameFor(prefix: string, aggregateType: string): string {
  const pascal = aggregateType
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return `${prefix}${pascal}`;
}
