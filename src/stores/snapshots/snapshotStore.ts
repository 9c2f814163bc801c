// Where aggregate snapshots are kept: one JSON document per stream, replaced when a newer one is taken.
// Adapters store the document as given; the command pipeline decides what is in it.
import type { StreamId } from '../eventStore.js';

export interface SnapshotStore {
  /** The stream's snapshot document, or undefined when there is none. */
  read(stream: StreamId): Promise<unknown>;
  write(stream: StreamId, document: unknown): Promise<void>;
}
