// Every unsettled message of one queue (active, locked or deferred) by sequence number: what peek walks, in
// sequence order, and what runtime properties count. A scheduled message enqueued late carries an older
// sequence number than messages already there, so the order is restored lazily, when peek needs it.
import type { Entry } from './entry.js';

export class MessageLog {
  private entries = new Map<number, Entry>();
  private unsorted = false;
  private highestSequenceNumber = 0;

  get size(): number {
    return this.entries.size;
  }

  get(sequenceNumber: number): Entry | undefined {
    return this.entries.get(sequenceNumber);
  }

  add(entry: Entry): void {
    this.entries.set(entry.sequenceNumber, entry);
    if (entry.sequenceNumber < this.highestSequenceNumber) this.unsorted = true;
    this.highestSequenceNumber = Math.max(this.highestSequenceNumber, entry.sequenceNumber);
  }

  delete(sequenceNumber: number): void {
    this.entries.delete(sequenceNumber);
  }

  /** Entries from a sequence number on, in sequence order, of one session when `sessionId` is given. */
  from(fromSequenceNumber: number, maxCount: number, sessionId?: string): Entry[] {
    if (this.unsorted) {
      this.entries = new Map([...this.entries].sort(([a], [b]) => a - b));
      this.unsorted = false;
    }
    const found: Entry[] = [];
    for (const entry of this.entries.values()) {
      if (found.length >= maxCount) break;
      if (sessionId !== undefined && entry.sessionKey !== sessionId) continue;
      if (entry.sequenceNumber >= fromSequenceNumber) found.push(entry);
    }
    return found;
  }

  /** Every entry, in sequence order: what a compacted journal keeps. */
  all(): Entry[] {
    return this.from(0, Number.POSITIVE_INFINITY);
  }

  /** Active messages include locked ones, as Service Bus counts them. */
  counts(): { active: number; deferred: number } {
    let deferred = 0;
    for (const entry of this.entries.values()) if (entry.state === 'deferred') deferred++;
    return { active: this.entries.size - deferred, deferred };
  }
}
