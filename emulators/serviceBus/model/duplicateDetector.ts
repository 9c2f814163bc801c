// Duplicate detection for a queue or topic: a message id seen within the window is a duplicate,
// which Service Bus accepts on the wire and then drops.

export class DuplicateDetector {
  /** Message id key → when it was first seen; Map order is arrival order, so expiry trims the front. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowInMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records the id and says whether it was already seen within the window. */
  isDuplicate(key: string | undefined): boolean {
    if (this.windowInMs <= 0 || key === undefined) return false;
    const now = this.now();
    this.forgetOlderThan(now - this.windowInMs);
    if (this.seen.has(key)) return true;
    this.seen.set(key, now);
    return false;
  }

  private forgetOlderThan(cutoff: number): void {
    for (const [key, seenAt] of this.seen) {
      if (seenAt > cutoff) return;
      this.seen.delete(key);
    }
  }
}
