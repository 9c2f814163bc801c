// Publish intents in memory, beside the In-Memory event store (one process only; for tests).
import { InMemoryStreamMarkers } from './inMemoryStreamMarkers.js';
import type { PublishIntent, PublishIntentStore } from './publishIntentStore.js';

export class InMemoryPublishIntentStore implements PublishIntentStore {
  readonly markers = new InMemoryStreamMarkers();
  private readonly intents = new Map<string, PublishIntent>();

  async record(intent: PublishIntent): Promise<void> {
    this.intents.set(intent.id, { ...intent });
  }

  async remove(intent: PublishIntent): Promise<void> {
    this.intents.delete(intent.id);
  }

  async *pagesCreatedBefore(cutoff: Date, pageSize: number): AsyncIterable<PublishIntent[]> {
    const iso = cutoff.toISOString();
    const intents = [...this.intents.values()].filter((intent) => intent.createdAt <= iso);
    for (let start = 0; start < intents.length; start += pageSize)
      yield intents.slice(start, start + pageSize);
  }
}
