// The `sequence` stamp on every event: a cross-aggregate ordering stamp (the seeds' "synchronisation
// stamp"). It is a hybrid logical clock in microseconds since the epoch:
// - within one process it is strictly increasing, whatever the wall clock does;
// - across processes it follows the wall clocks, so stamps from different instances order events roughly by
//   time, within the clock skew between the machines (usually milliseconds on Azure), with no guarantee of
//   uniqueness or strict order. Use (aggregateType, aggregateId, version) where exact order matters.
export class SequenceClock {
  private last = 0;

  constructor(private readonly nowInMs: () => number = Date.now) {}

  next(): number {
    this.last = Math.max(this.last + 1, Math.floor(this.nowInMs() * 1000));
    return this.last;
  }
}
