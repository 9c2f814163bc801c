// Small helpers shared by the adapters for naming, paging and answering reads of streams.
import type {
  EventEnvelope,
  ListStreamsOptions,
  ListStreamsPage,
  ReadStreamOptions,
  ReadStreamResult,
  StreamId,
  StreamPosition,
} from './eventStore.js';

export function streamKey(stream: StreamId): string {
  return `${stream.aggregateType}/${stream.aggregateId}`;
}

/** The [from, to] version window a read asks for (by version or after a bookmark), clipped to the head. */
export function versionWindow(
  options: ReadStreamOptions | undefined,
  head: number,
): { from: number; to: number } {
  const from = options?.after ? options.after.version + 1 : Math.max(1, options?.fromVersion ?? 1);
  const to = options?.limit === undefined ? head : Math.min(head, from + options.limit - 1);
  return { from, to };
}

/** Pages a sorted in-memory list of ids; the continuation token is the last id returned. */
export function pageOfIds(sortedIds: string[], options: ListStreamsOptions | undefined): ListStreamsPage {
  const pageSize = options?.pageSize ?? 1000;
  const after = options?.continuationToken;
  const start = after === undefined ? 0 : sortedIds.findIndex((id) => id > after);
  const page = start < 0 ? [] : sortedIds.slice(start, start + pageSize);
  const last = page.at(-1);
  const more = start >= 0 && start + pageSize < sortedIds.length;
  return more && last !== undefined
    ? { aggregateIds: page, continuationToken: last }
    : { aggregateIds: page };
}

/** A bookmark for stores that find events by version alone (In-Memory, Table). */
export function versionPosition(version: number): StreamPosition {
  return { version, token: String(version) };
}

/** A read's result: the bookmark is present only when some event was returned. */
export function readResult(
  events: EventEnvelope[],
  streamVersion: number,
  position?: StreamPosition,
): ReadStreamResult {
  return position ? { events, streamVersion, position } : { events, streamVersion };
}
