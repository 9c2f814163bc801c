// Snapshots in memory, beside the In-Memory event store.
import type { StreamId } from '../eventStore.js';
import { streamKey } from '../streamKey.js';
import type { SnapshotStore } from './snapshotStore.js';

export class InMemorySnapshotStore implements SnapshotStore {
  private readonly documents = new Map<string, string>();

  async read(stream: StreamId): Promise<unknown> {
    const json = this.documents.get(streamKey(stream));
    return json === undefined ? undefined : JSON.parse(json);
  }

  async write(stream: StreamId, document: unknown): Promise<void> {
    this.documents.set(streamKey(stream), JSON.stringify(document));
  }
}
