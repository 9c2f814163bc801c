// In-Memory event store: for unit tests and offline experiments. Streams live in this process only.
// Events are kept serialized, so what a reader gets back is exactly what a durable store would return.
import { ConcurrencyError } from '../../errors.js';
import { DEFAULT_LIMITS, prepareAppend } from '../appendChecks.js';
import type * as Port from '../eventStore.js';
import { pageOfIds, readResult, streamKey, versionPosition, versionWindow } from '../streamKey.js';

export class InMemoryEventStore implements Port.EventStore {
  readonly name = 'in-memory';
  readonly limits = DEFAULT_LIMITS;
  private readonly streams = new Map<string, { stream: Port.StreamId; records: string[] }>();

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
  ): Promise<Port.AppendResult> {
    const serialized = prepareAppend(stream, expectedVersion, events, this.limits);
    const key = streamKey(stream);
    const existing = this.streams.get(key);
    const current = existing?.records.length ?? 0;
    if (current !== expectedVersion) {
      throw new ConcurrencyError(`Stream ${key} is at version ${current}, not ${expectedVersion}.`, current);
    }
    if (existing) existing.records.push(...serialized);
    else this.streams.set(key, { stream: { ...stream }, records: serialized });
    const streamVersion = current + serialized.length;
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
}
