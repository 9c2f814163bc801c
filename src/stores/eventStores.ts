// The stores the configuration map names, each implementation built once (backends.ts) with a deadline on its
// calls: the event store and snapshots of each aggregate type for the command pipeline, the projection
// documents for the read side, the publish intents for messaging.
import type { ConfigurationMap } from '../config/configurationMap.js';
import { settingsFor } from '../config/configurationMap.js';
import type { Environment } from '../config/settings.js';
import { type Backend, createBackend } from './backends.js';
import { eventStoreWithDeadline, withDeadline } from './deadline.js';
import type { DocumentStore } from './documents/documentStore.js';
import { guardedDocumentStore } from './documents/guardedDocumentStore.js';
import type { EventStore } from './eventStore.js';
import { intentsWithDeadline, type PublishIntentStore } from './intents/publishIntentStore.js';
import type { SnapshotStore } from './snapshots/snapshotStore.js';
import { tracedEventStore } from './tracedEventStore.js';

/** Where an aggregate type's streams and snapshots live, and how much history it keeps. */
export interface AggregateStorage {
  store: EventStore;
  /** Present when the type takes snapshots. */
  snapshots?: SnapshotStore;
  /** Take a snapshot every N events (with `snapshots`). */
  snapshotEvery?: number;
  idempotencyKeys: number;
}

export interface EventStoresOptions {
  /** A deadline on every storage call (StoreDeadlineInMs); none when absent. */
  deadlineInMs?: number;
}

export class EventStores {
  private readonly backends = new Map<string, Backend>();

  constructor(
    private readonly map: ConfigurationMap,
    env: Environment,
    options: EventStoresOptions = {},
  ) {
    // Every store is created now, so a missing connection fails at start-up rather than on the first command.
    for (const [name, config] of Object.entries(map.implementations)) {
      const backend = createBackend(config, env);
      // Memory always answers: no timer on its hot path.
      const deadlineInMs = config.type === 'in-memory' ? undefined : options.deadlineInMs;
      const bounded = deadlineInMs === undefined ? backend : withDeadlines(backend, deadlineInMs);
      this.backends.set(name, { ...bounded, events: tracedEventStore(bounded.events, config.type) });
    }
    for (const settings of Object.values(map.aggregates)) {
      if (settings.snapshotEvery) this.backend(settings.store).snapshots();
    }
  }

  forAggregateType(aggregateType: string): EventStore {
    return this.backend(settingsFor(this.map, aggregateType).store).events;
  }

  storageFor(aggregateType: string): AggregateStorage {
    const settings = settingsFor(this.map, aggregateType);
    const backend = this.backend(settings.store);
    return {
      store: backend.events,
      snapshots: settings.snapshotEvery ? backend.snapshots() : undefined,
      snapshotEvery: settings.snapshotEvery,
      idempotencyKeys: settings.idempotencyKeys,
    };
  }

  /** The read side's documents, where the map's `projections` section puts them. */
  documents<D>(): DocumentStore<D> {
    const { store, container } = this.map.projections;
    return this.backend(store).documents<D>(container);
  }

  /** The publish intents, where the map's `publishIntents` section puts them. */
  publishIntents(): PublishIntentStore {
    const { store, table } = this.map.publishIntents;
    return this.backend(store).publishIntents(table);
  }

  /** Every configured event store by implementation name, e.g. for the health check. */
  entries(): [string, EventStore][] {
    return [...this.backends.entries()].map(([name, { events }]) => [name, events]);
  }

  async close(): Promise<void> {
    await Promise.all([...this.backends.values()].map(({ events }) => events.close?.()));
  }

  private backend(name: string): Backend {
    const backend = this.backends.get(name);
    if (!backend) throw new Error(`Configuration map names unknown implementation ${name}`);
    return backend;
  }
}

/** The backend with the deadline on every call of each of its stores. */
function withDeadlines(backend: Backend, deadlineInMs: number): Backend {
  const snapshots = once(() => {
    const store = backend.snapshots();
    return {
      read: (stream) => withDeadline('The snapshot store', deadlineInMs, () => store.read(stream)),
      write: (stream, document) =>
        withDeadline('The snapshot store', deadlineInMs, () => store.write(stream, document)),
    } satisfies SnapshotStore;
  });
  return {
    events: eventStoreWithDeadline(backend.events, deadlineInMs),
    snapshots,
    documents: <D>(container: string) => guardedDocumentStore(backend.documents<D>(container), deadlineInMs),
    publishIntents: (table) => intentsWithDeadline(backend.publishIntents(table), deadlineInMs),
  };
}

function once<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= create();
    return value;
  };
}
