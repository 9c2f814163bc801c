// In-Memory event store: for unit tests and offline experiments. Streams live in this process only.
// Events are kept serialized, so what a reader gets back is exactly what a durable store would return.
// A stream's entry records whether its standing publication marker exists (`marking`), as the Table header
// and the Append Blob's metadata do; one process needs no conditional write to keep that true.
import { ConcurrencyError } from '../../errors.js';
import { DEFAULT_LIMITS, preparedAppend } from '../appendChecks.js';
import type * as Port from '../eventStore.js';
import { pageOfIds, readResult, streamKey, versionPosition, versionWindow } from '../streamKey.js';

interface Stream {
  stream: Port.StreamId;
  records: string[];
  marked: boolean;
}

export class InMemoryEventStore implements Port.EventStore {
  readonly name = 'in-memory';
  readonly limits = DEFAULT_LIMITS;
  private readonly streams = new Map<string, Stream>();
  readonly marking: Port.StreamMarking = {
    unmark: async (stream, version) => {
      const entry = this.streams.get(streamKey(stream));
      if ((entry?.records.length ?? 0) !== version) return false;
      if (entry) entry.marked = false;
      return true;
    },
  };

  async readStream(stream: Port.StreamId, options?: Port.ReadStreamOptions): Promise<Port.ReadStreamResult> {
    const records = this.streams.get(streamKey(stream))?.records ?? [];
    const { from, to } = versionWindow(options, records.length);
    const events = records.slice(from - 1, to).map((json) => JSON.parse(json) as Port.EventEnvelope);
    const last = events.at(-1);
    return readResult(events, records.length, last && versionPosition(last.version));
  }

  async appendToStream(
    stream: Port.StreamId,
    expectedVersion: number,
    events: Port.EventEnvelope[],
    options?: Port.AppendOptions,
  ): Promise<Port.AppendResult> {
    const serialized = preparedAppend(stream, expectedVersion, events, this.limits, options);
    let entry = this.streams.get(streamKey(stream));
    this.expectAt(stream, entry, expectedVersion);
    if (options?.ensureMarker && !entry?.marked) {
      await options.ensureMarker(expectedVersion);
      entry = this.entry(stream);
      this.expectAt(stream, entry, expectedVersion); // another append may have come while it waited
      entry.marked = true;
    }
    entry ??= this.entry(stream);
    for (const json of serialized) entry.records.push(json);
    const streamVersion = expectedVersion + serialized.length;
    return { streamVersion, position: versionPosition(streamVersion) };
  }

  async listStreams(aggregateType: string, options?: Port.ListStreamsOptions): Promise<Port.ListStreamsPage> {
    const ids = [...this.streams.values()]
      .filter((entry) => entry.stream.aggregateType === aggregateType)
      .map((entry) => entry.stream.aggregateId)
      .sort();
    return pageOfIds(ids, options);
  }

  async checkHealth(): Promise<void> {}

  private entry(stream: Port.StreamId): Stream {
    const key = streamKey(stream);
    let entry = this.streams.get(key);
    if (!entry) {
      entry = { stream: { ...stream }, records: [], marked: false };
      this.streams.set(key, entry);
    }
    return entry;
  }

  private expectAt(stream: Port.StreamId, entry: Stream | undefined, expectedVersion: number): void {
    const current = entry?.records.length ?? 0;
    if (current !== expectedVersion) {
      const key = streamKey(stream);
      throw new ConcurrencyError(`Stream ${key} is at version ${current}, not ${expectedVersion}.`, current);
    }
  }
}
