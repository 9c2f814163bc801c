// A file's bytes, stored sparsely in fixed-size chunks: Azure files are created at their full size
// (up to 4 TiB) and an event store may pre-allocate generously, so only written chunks use memory.
// Bytes never written read as zeros, as on Azure. The written ranges are kept too (Get Range List), and
// chunks are copy-on-write so a share snapshot or a copy shares them until one side writes.

const chunkSize = 64 * 1024;
const zeroChunk = Buffer.alloc(chunkSize);

/** A written range, `end` exclusive. */
export interface ByteSpan {
  start: number;
  end: number;
}

export class SparseContent {
  private readonly chunks: Map<number, Buffer>;
  private spans: ByteSpan[];

  constructor(
    private length = 0,
    chunks = new Map<number, Buffer>(),
    spans: ByteSpan[] = [],
  ) {
    this.chunks = chunks;
    this.spans = spans;
  }

  get size(): number {
    return this.length;
  }

  /** A copy sharing the chunks (never modified in place, so sharing is safe). */
  clone(): SparseContent {
    return new SparseContent(
      this.length,
      new Map(this.chunks),
      this.spans.map((span) => ({ ...span })),
    );
  }

  /** The ranges written and not cleared since, in order, adjacent ones merged. */
  writtenRanges(): readonly ByteSpan[] {
    return this.spans;
  }

  /** Copies `data` in at `offset`; the caller has checked the range lies within the file. */
  write(offset: number, data: Buffer): void {
    this.forEachChunk(offset, data.length, (index, chunk, within, take, done) => {
      const copy = Buffer.from(chunk); // copy-on-write: the old chunk may be shared
      data.copy(copy, within, done, done + take);
      this.chunks.set(index, copy);
    });
    if (data.length > 0) this.addSpan(offset, offset + data.length);
  }

  /** Zeroes a range (Put Range with `x-ms-write: clear`). */
  clear(offset: number, count: number): void {
    this.forEachChunk(offset, count, (index, chunk, within, take) => {
      if (chunk === zeroChunk) return;
      const copy = Buffer.from(chunk);
      copy.fill(0, within, within + take);
      if (copy.every((byte) => byte === 0)) this.chunks.delete(index);
      else this.chunks.set(index, copy);
    });
    this.removeSpan(offset, offset + count);
  }

  /** Reads `count` bytes from `offset`; zeros where nothing was written. */
  read(offset: number, count: number): Buffer {
    const out = Buffer.alloc(count);
    this.forEachChunk(offset, count, (_index, chunk, within, take, done) => {
      chunk.copy(out, done, within, within + take);
    });
    return out;
  }

  /** Grows (new bytes read as zeros) or shrinks (bytes past the end are discarded). */
  resize(length: number): void {
    if (length < this.length) {
      // Zero the tail of the last kept chunk so a later grow reads zeros there, not stale bytes.
      this.clear(length, Math.min(this.length, Math.ceil(length / chunkSize) * chunkSize) - length);
      for (const index of [...this.chunks.keys()]) {
        if (index * chunkSize >= length) this.chunks.delete(index);
      }
      this.removeSpan(length, Number.MAX_SAFE_INTEGER);
    }
    this.length = length;
  }

  /** The stored chunks, for a checkpoint: `[offset, bytes]`, none past the end of the file. */
  *storedChunks(): Iterable<[number, Buffer]> {
    for (const [index, chunk] of this.chunks)
      yield [index * chunkSize, chunk.subarray(0, Math.min(chunkSize, this.length - index * chunkSize))];
  }

  /** Puts back a chunk a checkpoint stored (replay only). */
  restoreChunk(offset: number, chunk: Buffer): void {
    const full = Buffer.alloc(chunkSize);
    chunk.copy(full);
    this.chunks.set(Math.floor(offset / chunkSize), full);
  }

  /** Puts back the written ranges a checkpoint stored (replay only). */
  restoreSpans(spans: readonly ByteSpan[]): void {
    this.spans = spans.map((span) => ({ ...span }));
  }

  private addSpan(start: number, end: number): void {
    const kept: ByteSpan[] = [];
    let merged = { start, end };
    for (const span of this.spans) {
      if (span.end < merged.start || span.start > merged.end) kept.push(span);
      else merged = { start: Math.min(span.start, merged.start), end: Math.max(span.end, merged.end) };
    }
    kept.push(merged);
    this.spans = kept.sort((a, b) => a.start - b.start);
  }

  private removeSpan(start: number, end: number): void {
    this.spans = this.spans.flatMap((span) => {
      if (span.end <= start || span.start >= end) return [span];
      const left = span.start < start ? [{ start: span.start, end: start }] : [];
      const right = span.end > end ? [{ start: end, end: span.end }] : [];
      return [...left, ...right];
    });
  }

  // Visits the chunk slices that cover [offset, offset + count), in order; missing chunks are
  // passed as a shared zero buffer that visitors must not modify.
  private forEachChunk(
    offset: number,
    count: number,
    visit: (index: number, chunk: Buffer, within: number, take: number, done: number) => void,
  ): void {
    let done = 0;
    while (done < count) {
      const position = offset + done;
      const index = Math.floor(position / chunkSize);
      const within = position % chunkSize;
      const take = Math.min(chunkSize - within, count - done);
      visit(index, this.chunks.get(index) ?? zeroChunk, within, take, done);
      done += take;
    }
  }
}
