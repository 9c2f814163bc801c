// Stream markers in memory, beside the In-Memory event store (one process only; for tests). Each write gives
// the marker a new ETag, as the Table service does.
import type { StreamId } from '../eventStore.js';
import { streamKey } from '../streamKey.js';
import type { StreamMarker, StreamMarkerStore } from './streamMarkers.js';

export class InMemoryStreamMarkers implements StreamMarkerStore {
  private readonly markers = new Map<string, StreamMarker>();
  private writes = 0;

  async ensure(stream: StreamId, headVersion: number, now: string): Promise<void> {
    const known = this.markers.get(streamKey(stream));
    this.write(stream, known?.publishedThrough ?? headVersion, now);
  }

  async advance(stream: StreamId, from: number, to: number, now: string): Promise<boolean> {
    const known = this.markers.get(streamKey(stream));
    if (known?.publishedThrough !== from - 1) return false;
    this.write(stream, to, now);
    return true;
  }

  async *pagesUpdatedBefore(cutoff: Date, pageSize: number): AsyncIterable<StreamMarker[]> {
    const iso = cutoff.toISOString();
    const markers = [...this.markers.values()].filter((marker) => marker.updatedAt <= iso);
    for (let start = 0; start < markers.length; start += pageSize)
      yield markers.slice(start, start + pageSize).map((marker) => ({ ...marker }));
  }

  async setPublishedThrough(marker: StreamMarker, version: number, now: string): Promise<boolean> {
    if (this.markers.get(streamKey(marker))?.etag !== marker.etag) return false;
    this.write(marker, version, now);
    return true;
  }

  async retire(marker: StreamMarker): Promise<boolean> {
    const key = streamKey(marker);
    if (this.markers.get(key)?.etag !== marker.etag) return false;
    this.markers.delete(key);
    return true;
  }

  private write(stream: StreamId, publishedThrough: number, updatedAt: string): void {
    const { aggregateType, aggregateId } = stream;
    const etag = `${++this.writes}`;
    this.markers.set(streamKey(stream), { aggregateType, aggregateId, publishedThrough, updatedAt, etag });
  }
}
