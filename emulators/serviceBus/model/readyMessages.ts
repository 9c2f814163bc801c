// The messages of one queue that a receiver may take now, kept apart per session (one list, key '', when the
// entity has no sessions), each list oldest first, so a session's messages come out in order.
import type { Entry } from './entry.js';

export class ReadyMessages {
  private readonly bySession = new Map<string, Entry[]>();
  private total = 0;

  get size(): number {
    return this.total;
  }

  has(sessionKey: string): boolean {
    return (this.bySession.get(sessionKey)?.length ?? 0) > 0;
  }

  /** A message arriving now goes to the back of its session. */
  push(entry: Entry): void {
    this.list(entry.sessionKey).push(entry);
    this.total++;
  }

  /** A message handed back goes where its sequence number puts it, so it comes round before newer ones. */
  insertInOrder(entry: Entry): void {
    const list = this.list(entry.sessionKey);
    const index = list.findIndex((other) => other.sequenceNumber > entry.sequenceNumber);
    list.splice(index === -1 ? list.length : index, 0, entry);
    this.total++;
  }

  take(sessionKey: string): Entry | undefined {
    const list = this.bySession.get(sessionKey);
    const entry = list?.shift();
    if (!entry) return undefined;
    this.total--;
    if (list?.length === 0) this.bySession.delete(sessionKey);
    return entry;
  }

  remove(entry: Entry): void {
    const list = this.bySession.get(entry.sessionKey);
    const index = list?.indexOf(entry) ?? -1;
    if (!list || index === -1) return;
    list.splice(index, 1);
    this.total--;
    if (list.length === 0) this.bySession.delete(entry.sessionKey);
  }

  /** The session whose oldest ready message is the oldest of all, among those `available` allows. */
  oldestSession(available: (sessionKey: string) => boolean): string | undefined {
    let best: { key: string; sequenceNumber: number } | undefined;
    for (const [key, list] of this.bySession) {
      const first = list[0];
      if (!first || !available(key)) continue;
      if (!best || first.sequenceNumber < best.sequenceNumber)
        best = { key, sequenceNumber: first.sequenceNumber };
    }
    return best?.key;
  }

  private list(sessionKey: string): Entry[] {
    let list = this.bySession.get(sessionKey);
    if (!list) {
      list = [];
      this.bySession.set(sessionKey, list);
    }
    return list;
  }
}
