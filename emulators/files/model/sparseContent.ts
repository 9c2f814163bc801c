// A file's bytes, stored sparsely in fixed-size chunks: Azure files are created at their full size
// (up to 4 TiB) and an event store may pre-allocate generously, so only written chunks use memory.
// Bytes never written read as zeros, as on Azure.

const chunkSize = 64 * 1024;
const zeroChunk = Buffer.alloc(chunkSize);
export class SparseContent {
  private readonly chunks = new Map<number, Buffer>();

  constructor(private length = 0) {}

  get size(): number {
    return this.length;
  }

  /** Copies `data` in at `offset`; the caller has checked the range lies within the file. */
  write(offset: number, data: Buffer): void {
    let written = 0;
    while (written < data.length) {
      const position = offset + written;
      const index = Math.floor(position / chunkSize);
      const within = position % chunkSize;
      const count = Math.min(chunkSize - within, data.length - written);
      const chunk = this.chunks.get(index) ?? Buffer.alloc(chunkSize);
      data.copy(chunk, within, written, written + count);
      this.chunks.set(index, chunk);
      written += count;
    }
  }

  /** Zeroes a range (Put Range with `x-ms-write: clear`). */
  clear(offset: number, count: number): void {
    this.forEachChunk(offset, count, (index, chunk, within, take) => {
      if (chunk === zeroChunk) return;
      chunk.fill(0, within, within + take);
      if (chunk.every((byte) => byte === 0)) this.chunks.delete(index);
    });
  }

  /** Reads `count` bytes from `offset`; zeros where nothing was written. */
  read(offset: number, count: number): Buffer {
    const out = Buffer.alloc(count);
    let copied = 0;
    this.forEachChunk(offset, count, (_index, chunk, within, take) => {
      chunk.copy(out, copied, within, within + take);
      copied += take;
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
    }
    this.length = length;
  }

  // Visits the chunk slices that cover [offset, offset + count), in order; missing chunks are
  // passed as a shared zero buffer that visitors must not modify.
  private forEachChunk(
    offset: number,
    count: number,
    visit: (index: number, chunk: Buffer, within: number, take: number) => void,
  ): void {
    let done = 0;
    while (done < count) {
      const position = offset + done;
      const index = Math.floor(position / chunkSize);
      const within = position % chunkSize;
      const take = Math.min(chunkSize - within, count - done);
      const chunk = this.chunks.get(index);
      visit(index, chunk ?? zeroChunk, within, take);
      done += take;
    }
  }
}
