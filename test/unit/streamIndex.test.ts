// The stream index's pure logic (which records are checkpoints, where a read starts and ends, merging and the
// document format) and the in-process keeper of indexes over a stand-in for the stored documents.
import { describe, expect, it } from 'vitest';
import {
  bytesPerVersion,
  type Checkpoint,
  checkpointAfter,
  checkpointsOf,
  coversVersion,
  isCheckpointRecord,
  mergeCheckpoints,
  nearestCheckpoint,
  parseIndex,
  serializeIndex,
  windowPlace,
} from '../../src/stores/streamIndex.js';
import { type IndexDocument, type IndexDocuments, StreamIndexes } from '../../src/stores/streamIndexes.js';

const at = (version: number, offset: number, blob = 0): Checkpoint => ({ version, blob, offset });
const stream = { aggregateType: 'test.thing', aggregateId: 'a-1' };

describe('which records are checkpoints', () => {
  it.each([
    [1, 1, false],
    [100, 100, false],
    [101, 101, true],
    [102, 102, false],
    [95, 105, true],
    [102, 200, false],
    [150, 260, true],
    [201, 201, true],
  ])('a record of versions %i-%i with every 100: %s', (first, last, expected) => {
    expect(isCheckpointRecord(first, last, 100)).toBe(expected);
  });

  it('takes one checkpoint per `every` versions from records read in order', () => {
    const records = [1, 4, 7, 10, 13].map((version, index) => ({
      version,
      lastVersion: version + 2,
      blob: 0,
      offset: index * 100,
    }));
    expect(checkpointsOf(records, 5)).toEqual([at(4, 100), at(10, 300)]);
  });
});

describe('where a read starts and ends', () => {
  const index = [at(101, 5000), at(201, 10_000), at(301, 500, 1)];

  it('starts at the last checkpoint at or before the first version asked for', () => {
    expect(nearestCheckpoint(index, 100)).toBeUndefined();
    expect(nearestCheckpoint(index, 101)).toEqual(at(101, 5000));
    expect(nearestCheckpoint(index, 250)).toEqual(at(201, 10_000));
    expect(nearestCheckpoint(index, 9999)).toEqual(at(301, 500, 1));
    expect(nearestCheckpoint([], 500)).toBeUndefined();
  });

  it('ends before the first checkpoint after the last version asked for', () => {
    expect(checkpointAfter(index, 50)).toEqual(at(101, 5000));
    expect(checkpointAfter(index, 101)).toEqual(at(201, 10_000));
    expect(checkpointAfter(index, 300)).toEqual(at(301, 500, 1));
    expect(checkpointAfter(index, 301)).toBeUndefined();
  });

  it('knows when the checkpoints in memory are as close as a complete index would be', () => {
    expect(coversVersion(index, 150, 100)).toBe(true);
    expect(coversVersion(index, 50, 100)).toBe(false);
    expect(coversVersion(index, 301 + 100 + 98, 100)).toBe(false);
  });

  it('estimates bytes per version from the checkpoints of the last blob', () => {
    expect(bytesPerVersion([at(101, 5000), at(201, 10_000)])).toBe(50);
    expect(bytesPerVersion(index)).toBeUndefined();
  });
});

describe('the byte range of a window, estimated between checkpoints', () => {
  const index = [at(11, 1000), at(21, 2000), at(31, 3000)];

  it('starts a little before where the window should begin, and ends a little after, within the next checkpoint', () => {
    // 100 bytes per version between 21 and 31: version 25 should start at 2400; less 10% and two versions
    expect(windowPlace(index, 25, 27, 10)).toEqual({
      checkpoint: at(21, 2000),
      offset: 2160,
      cut: true,
      end: 2970,
    });
    expect(windowPlace(index, 25, 29, 10)).toMatchObject({ offset: 2160, end: 3000 });
    expect(windowPlace(index, 25, 40, 10)).toMatchObject({ offset: 2160, end: 4400 });
  });

  it('starts at the checkpoint itself when the window begins right after it', () => {
    expect(windowPlace(index, 22, 23, 10)).toEqual({
      checkpoint: at(21, 2000),
      offset: 2000,
      cut: false,
      end: 2530,
    });
  });

  it('reads from the checkpoint, without estimates, when the index stops long before the window (stale)', () => {
    expect(windowPlace(index, 200, 210, 10)).toEqual({ checkpoint: at(31, 3000), offset: 3000, cut: false });
    expect(windowPlace(index, 5, 10, 10)).toBeUndefined();
  });
});

describe('merging and the document format', () => {
  it('merges by version, the preferred list winning, and drops entries out of byte order', () => {
    const stored = [at(101, 5000), at(201, 9999), at(301, 100)];
    const found = [at(201, 10_000), at(401, 20_000)];
    expect(mergeCheckpoints(stored, found)).toEqual([at(101, 5000), at(201, 10_000), at(401, 20_000)]);
  });

  it('round-trips a document and refuses anything that is not one', () => {
    const checkpoints = [at(101, 5000), at(201, 500, 1)];
    expect(serializeIndex(checkpoints)).toBe('{"checkpoints":[[101,0,5000],[201,1,500]]}');
    expect(parseIndex(serializeIndex(checkpoints))).toEqual(checkpoints);
    for (const damaged of [
      'not json',
      '{"checkpoints":[[101,0,-1]]}',
      '{"checkpoints":[[201,0,9],[101,0,10]]}',
      '{"checkpoints":[[101,0,10],[201,0,9]]}',
      '{"checkpoints":[[101,0]]}',
      '{"checkpoints":{}}',
      'null',
    ])
      expect(parseIndex(damaged)).toBeUndefined();
  });
});

/** Index documents in memory, with ETags, as a conditional store keeps them. */
class MemoryDocuments implements IndexDocuments {
  text?: string;
  etag = 0;
  reads = 0;
  writes = 0;
  async read(): Promise<IndexDocument | undefined> {
    this.reads++;
    return this.text === undefined
      ? undefined
      : { checkpoints: parseIndex(this.text), etag: String(this.etag) };
  }
  async write(_: unknown, text: string, etag: string | undefined) {
    this.writes++;
    const current = this.text === undefined ? undefined : String(this.etag);
    if (etag !== current) return 'conflict' as const;
    this.text = text;
    this.etag++;
    return { etag: String(this.etag) };
  }
}

describe('StreamIndexes: one process keeping indexes', () => {
  it('reads no index for a read from the first `every` versions, and the stored one beyond', async () => {
    const documents = new MemoryDocuments();
    documents.text = serializeIndex([at(11, 900)]);
    const indexes = new StreamIndexes(documents, 10);
    expect(await indexes.forRead(stream, 10)).toEqual([]);
    expect(documents.reads).toBe(0);
    expect(await indexes.forRead(stream, 15)).toEqual([at(11, 900)]);
    expect(await indexes.forRead(stream, 12)).toEqual([at(11, 900)]);
    expect(documents.reads).toBe(1);
  });

  it('writes what it learns in the background, merged with what another process wrote meanwhile', async () => {
    const documents = new MemoryDocuments();
    const indexes = new StreamIndexes(documents, 10);
    indexes.learn(stream, [at(11, 900)]);
    await indexes.flush();
    documents.text = serializeIndex([at(11, 900), at(21, 1800)]); // another process's write
    documents.etag++;
    indexes.learn(stream, [at(31, 2700)]);
    indexes.learn(stream, [at(31, 2700)]); // nothing new: no write
    await indexes.flush();
    expect(parseIndex(documents.text ?? '')).toEqual([at(11, 900), at(21, 1800), at(31, 2700)]);
    expect(documents.writes).toBe(3); // created, then refused (stale ETag) and written again after a read
  });

  it('replaces a damaged or distrusted document instead of merging with it', async () => {
    const documents = new MemoryDocuments();
    documents.text = serializeIndex([at(11, 5), at(21, 7)]);
    const indexes = new StreamIndexes(documents, 10);
    expect(await indexes.forRead(stream, 25)).toEqual([at(11, 5), at(21, 7)]);
    indexes.distrust(stream);
    indexes.learn(stream, [at(11, 900)]);
    await indexes.flush();
    expect(parseIndex(documents.text ?? '')).toEqual([at(11, 900)]);
    documents.text = 'garbage';
    const fresh = new StreamIndexes(documents, 10);
    expect(await fresh.forRead(stream, 25)).toEqual([]);
    fresh.learn(stream, [at(21, 1800)]);
    await fresh.flush();
    expect(parseIndex(documents.text ?? '')).toEqual([at(21, 1800)]);
  });

  it('writes nothing when the stored index already holds what it learnt', async () => {
    const documents = new MemoryDocuments();
    documents.text = serializeIndex([at(11, 900), at(21, 1800)]);
    const indexes = new StreamIndexes(documents, 10);
    indexes.learn(stream, [at(11, 900)]);
    await indexes.flush();
    expect([documents.reads, documents.writes]).toEqual([1, 0]);
  });

  it('keeps writing while appends keep crossing checkpoints, without giving up', async () => {
    const documents = new MemoryDocuments();
    const failures: unknown[] = [];
    const indexes = new StreamIndexes(documents, 10, (error) => failures.push(error));
    for (let slot = 1; slot <= 10; slot++) {
      indexes.learn(stream, [at(slot * 10 + 1, slot * 1000)]);
      await Promise.resolve(); // the write under way has not finished
    }
    await indexes.flush();
    expect(failures).toEqual([]);
    expect(parseIndex(documents.text ?? '')?.map((c) => c.version)).toEqual([
      11, 21, 31, 41, 51, 61, 71, 81, 91, 101,
    ]);
  });

  it('reads on without the index when it cannot be read', async () => {
    const documents: IndexDocuments = {
      read: async () => Promise.reject(new Error('storage down')),
      write: async () => ({}),
    };
    expect(await new StreamIndexes(documents, 10).forRead(stream, 50)).toEqual([]);
  });

  it('only logs a write that keeps failing', async () => {
    const failures: unknown[] = [];
    const documents: IndexDocuments = {
      read: async () => undefined,
      write: async () => Promise.reject(new Error('storage down')),
    };
    const indexes = new StreamIndexes(documents, 10, (error) => failures.push(error));
    indexes.learn(stream, [at(11, 900)]);
    await indexes.flush();
    expect(failures).toMatchObject([{ message: 'storage down' }]);
  });
});
