// Counts what a load asks of the storage at the port: stream reads, events returned, snapshot reads.

import type { EventStore } from '../../src/stores/eventStore.js';
import type { AggregateStorage } from '../../src/stores/eventStores.js';
import type { SnapshotStore } from '../../src/stores/snapshots/snapshotStore.js';

export interface StorageCounts {
  streamReads: number;
  eventsRead: number;
  snapshotReads: number;
  firstReadFrom?: unknown;
}

export function countingStorage(storage: AggregateStorage): {
  storage: AggregateStorage;
  counts: StorageCounts;
} {
  const counts: StorageCounts = { streamReads: 0, eventsRead: 0, snapshotReads: 0 };
  const inner = storage.store;
  const store: EventStore = {
    name: inner.name,
    limits: inner.limits,
    readStream: async (stream, options) => {
      counts.streamReads++;
      counts.firstReadFrom ??= options;
      const result = await inner.readStream(stream, options);
      counts.eventsRead += result.events.length;
      return result;
    },
    appendToStream: (stream, expected, events) => inner.appendToStream(stream, expected, events),
    listStreams: (type, options) => inner.listStreams(type, options),
    checkHealth: () => inner.checkHealth(),
  };
  const innerSnapshots = storage.snapshots;
  const snapshots: SnapshotStore | undefined = innerSnapshots && {
    read: (stream) => {
      counts.snapshotReads++;
      return innerSnapshots.read(stream);
    },
    write: (stream, document) => innerSnapshots.write(stream, document),
  };
  return { storage: { ...storage, store, snapshots }, counts };
}
