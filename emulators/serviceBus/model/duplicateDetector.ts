// Duplicate detection for a queue or topic: a message id seen within the window is a duplicate, which
// Service Bus accepts on the wire and then drops. Scheduling counts as sending, so a deterministic id per
// scheduled message is caught too; a repeated schedule answers the first one's sequence number.
import type { Journal } from './journal.js';

interface Seen {
  seenAt: number;
  sequenceNumber: number;
}

export class DuplicateDetector {
  /** Message id key → when it was first seen; Map order is arrival order, so expiry trims the front. */
  private readonly seen = new Map<string, Seen>();

  constructor(
    /** A getter, so an update through the administration API applies at once. */
    private readonly windowInMs: () => number,
    private readonly entityKey: () => string,
    private readonly journal: Journal,
    private readonly now: () => number = Date.now,
  ) {}

  /** The first acceptance's sequence number when `key` is a duplicate; otherwise records it and says undefined. */
  check(
    key: string | undefined,
    sequenceNumber: () => number,
  ): { duplicateOf?: number; sequenceNumber: number } {
    if (this.windowInMs() <= 0 || key === undefined) return { sequenceNumber: sequenceNumber() };
    const now = this.now();
    this.forgetOlderThan(now - this.windowInMs());
    const earlier = this.seen.get(key);
    if (earlier) return { duplicateOf: earlier.sequenceNumber, sequenceNumber: earlier.sequenceNumber };
    const accepted = { seenAt: now, sequenceNumber: sequenceNumber() };
    this.seen.set(key, accepted);
    this.journal.rememberMessageId(this.entityKey(), key, now, accepted.sequenceNumber);
    return { sequenceNumber: accepted.sequenceNumber };
  }

  /** After a restart, without telling persistence again. */
  restore(key: string, seenAt: number, sequenceNumber: number): void {
    this.seen.delete(key);
    this.seen.set(key, { seenAt, sequenceNumber });
  }

  /** What is still within the window, oldest first: what a compacted journal keeps. */
  remembered(): [string, Seen][] {
    this.forgetOlderThan(this.now() - this.windowInMs());
    return [...this.seen];
  }

  private forgetOlderThan(cutoff: number): void {
    for (const [key, { seenAt }] of this.seen) {
      if (seenAt > cutoff) return;
      this.seen.delete(key);
    }
  }
}
