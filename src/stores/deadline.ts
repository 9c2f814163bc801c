// Deadlines on storage calls. A store that stops answering (a paused process, a network that drops packets)
// must not hold a request for minutes: every call on the command and query paths gets a deadline, after
// which it fails with 503 store-unavailable and a Retry-After. The call itself is left to the SDK's own
// per-try timeout (azureClients.ts). Its outcome is unknown, as after any timeout; an append that lands late
// is still published, because its publish intent was recorded before it.
import { StoreUnavailableError } from '../errors.js';
import type {
  AppendOptions,
  AppendResult,
  EventEnvelope,
  EventStore,
  ReadStreamOptions,
  StreamId,
} from './eventStore.js';

/** Runs `work`; rejects with StoreUnavailableError naming `what` once `deadlineInMs` has passed without an answer. */
export async function withDeadline<T>(
  what: string,
  deadlineInMs: number,
  work: () => Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new StoreUnavailableError(
          `${what} did not answer within ${deadlineInMs} ms; retry the request.`,
          Math.max(1, Math.ceil(deadlineInMs / 1000)),
        ),
      );
    }, deadlineInMs);
  });
  const running = work();
  // A failure that arrives after the deadline has nobody left to tell.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** The store with a deadline on every read, append and listing (not on checkHealth, which has its own). */
export function eventStoreWithDeadline(store: EventStore, deadlineInMs: number): EventStore {
  const what = `The ${store.name} event store`;
  return {
    name: store.name,
    limits: store.limits,
    ...(store.marking && {
      marking: {
        unmark: (stream, version) =>
          withDeadline(
            what,
            deadlineInMs,
            () => store.marking?.unmark(stream, version) ?? Promise.resolve(false),
          ),
      },
    }),
    readStream: (stream: StreamId, options?: ReadStreamOptions) =>
      withDeadline(what, deadlineInMs, () => store.readStream(stream, options)),
    appendToStream: (
      stream: StreamId,
      expectedVersion: number,
      events: EventEnvelope[],
      options?: AppendOptions,
    ): Promise<AppendResult> =>
      withDeadline(what, deadlineInMs, () => store.appendToStream(stream, expectedVersion, events, options)),
    listStreams: (aggregateType, options) =>
      withDeadline(what, deadlineInMs, () => store.listStreams(aggregateType, options)),
    checkHealth: () => store.checkHealth(),
    close: async () => store.close?.(),
  };
}
