// The Append Blob store through the real SDK on Azurite: appendPosition conflicts, rollover across blobs,
// several processes on one stream, what each operation costs in requests and bytes, and crash leftovers.
import { randomUUID } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConcurrencyError, StoreUnavailableError } from '../../src/errors.js';
import { AppendBlobEventStore } from '../../src/stores/appendBlob/appendBlobEventStore.js';
import type { StreamId, StreamPosition } from '../../src/stores/eventStore.js';
import { blobServiceClient, emulators } from '../support/emulators.js';
import { makeEvents, uniqueId } from '../support/envelopes.js';
import { countingBlobServiceClient, RequestLog } from '../support/requestCounter.js';

const log = new RequestLog();
const containerName = `appendblob-${randomUUID()}`;
let counted: ContainerClient;
/** The same container through a client whose requests are not counted, to set up and inspect. */
let raw: ContainerClient;

beforeAll(async () => {
  const service = countingBlobServiceClient(emulators().storageConnectionString, log);
  counted = service.getContainerClient(containerName);
  raw = blobServiceClient().getContainerClient(containerName);
  await raw.create();
});
beforeEach(() => log.clear());

const newStore = (maxBlocksPerBlob?: number) =>
  new AppendBlobEventStore({ containerClient: counted, ...(maxBlocksPerBlob ? { maxBlocksPerBlob } : {}) });
const newStream = (): StreamId => ({ aggregateType: 'test.diary', aggregateId: uniqueId('Item') });
const blobOf = (s: StreamId, index: number) =>
  raw.getAppendBlobClient(`${s.aggregateType}/${s.aggregateId}/${String(index).padStart(6, '0')}.ndjson`);
const bytesOf = async (stream: StreamId, index: number) => blobOf(stream, index).downloadToBuffer();
const versionsOf = (events: { version: number }[]) => events.map((event) => event.version);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const command = (stream: StreamId, after: number, size: number, data: unknown = { after }) =>
  makeEvents(stream, after, size, () => data);

/** Appends one command per entry of `sizes` (events per command); returns the bookmark after each. */
async function appendAll(store: AppendBlobEventStore, stream: StreamId, sizes: number[], data?: unknown) {
  const positions: StreamPosition[] = [];
  for (const size of sizes) {
    const after = positions.at(-1)?.version ?? 0;
    positions.push((await store.appendToStream(stream, after, command(stream, after, size, data))).position);
  }
  return positions;
}

describe('Append Blob store: optimistic concurrency with appendPosition', () => {
  it('gives a stale writer a concurrency error with the current version and writes nothing', async () => {
    // Given two processes on one stream, the second having read version 2
    const stream = newStream();
    const first = newStore();
    const second = newStore();
    await first.appendToStream(stream, 0, command(stream, 0, 2));
    await second.readStream(stream);
    await first.appendToStream(stream, 2, command(stream, 2, 1));
    const before = await bytesOf(stream, 0);
    log.clear();
    // When the second appends after version 2 (its cached head, one request behind)
    const attempt = second.appendToStream(stream, 2, command(stream, 2, 2));
    // Then the append block is refused, the store reports version 3, and the blob is byte-for-byte unchanged
    await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(attempt).rejects.toMatchObject({ currentVersion: 3 });
    expect(log.requests.map((request) => [request.comp, request.status])).toEqual([
      ['appendblock', 412],
      ['', 206],
    ]);
    expect(await bytesOf(stream, 0)).toEqual(before);
  });

  it('recognises its own append when the response was lost and the SDK retry got 412', async () => {
    const stream = newStream();
    const store = newStore();
    await store.appendToStream(stream, 0, command(stream, 0, 1));
    log.clear();
    log.loseResponse((request) => request.comp === 'appendblock' && request.status === 201);
    const result = await store.appendToStream(stream, 1, command(stream, 1, 2));
    expect(result.streamVersion).toBe(3);
    expect(log.requests.map((request) => [request.comp, request.status])).toEqual([
      ['appendblock', 201],
      ['appendblock', 412],
      ['', 206],
    ]);
    expect(versionsOf((await newStore().readStream(stream)).events)).toEqual([1, 2, 3]);
  });

  it('keeps versions contiguous when two processes alternate appends, each catching up with one GET', async () => {
    const stream = newStream();
    const processes = [newStore(), newStore()];
    let version = 0;
    for (let turn = 0; turn < 8; turn++) {
      const store = processes[turn % 2] as AppendBlobEventStore;
      const count = 1 + (turn % 3);
      log.clear();
      const result = await store.appendToStream(stream, version, command(stream, version, count, { turn }));
      // The process last saw the stream before the other's append: one tail read, then the append.
      if (turn >= 2) expect(log.summary()).toEqual(['GET', 'PUT appendblock']);
      version = result.streamVersion;
    }
    const { events, streamVersion } = await newStore().readStream(stream);
    expect(streamVersion).toBe(version);
    expect(versionsOf(events)).toEqual(range(1, version));
    expect(events.map((event) => (event.data as { turn: number }).turn)).toEqual([
      0, 1, 1, 2, 2, 2, 3, 4, 4, 5, 5, 5, 6, 7, 7,
    ]);
  });
});

describe('Append Blob store: rollover to the next blob', () => {
  const sizes = [2, 1, 3, 1, 1, 2, 1, 2]; // 8 commands, 13 events: blobs of 3, 3 and 2 blocks

  it('continues in the next blob after maxBlocksPerBlob blocks; names and metadata as designed', async () => {
    const stream = newStream();
    await appendAll(newStore(3), stream, sizes);
    const prefix = `test.diary/${stream.aggregateId}/`;
    const listed = [];
    for await (const blob of raw.listBlobsFlat({ prefix, includeMetadata: true }))
      listed.push([blob.name.slice(prefix.length), blob.metadata, blob.properties.contentType]);
    const metadata = { domain: 'test', aggregatetype: 'test.diary', aggregatekey: stream.aggregateId };
    const expected = ['000000', '000001', '000002'].map((index) => `${index}.ndjson`);
    expect(listed).toEqual(
      expected.map((name) => [name, { ...metadata, blocklimit: '3' }, 'application/x-ndjson']),
    );
    const blobs = await Promise.all([0, 1, 2].map((index) => blobOf(stream, index).getProperties()));
    expect(blobs.map((blob) => blob.blobCommittedBlockCount)).toEqual([3, 3, 2]);
    const texts = await Promise.all([0, 1, 2].map((index) => bytesOf(stream, index)));
    const versionsInBlob = texts.map((text) =>
      text
        .toString()
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).version),
    );
    expect(versionsInBlob).toEqual([range(1, 6), range(7, 10), range(11, 13)]);
  });

  it('reads across blobs seamlessly: from any version, and after bookmarks in each blob', async () => {
    const stream = newStream();
    const appended = await appendAll(newStore(3), stream, sizes);
    // A bookmark at the end of a full blob points at the start of the next one.
    expect(appended[2]?.token).toBe('1:0');
    const reader = newStore(3);
    const all = await reader.readStream(stream);
    expect(versionsOf(all.events)).toEqual(range(1, 13));
    for (let from = 1; from <= 14; from++) {
      const { events, streamVersion } = await newStore().readStream(stream, { fromVersion: from });
      expect([versionsOf(events), streamVersion]).toEqual([range(from, 13), 13]);
    }
    for (const position of appended) {
      const { events } = await newStore().readStream(stream, { after: position });
      expect(versionsOf(events)).toEqual(range(position.version + 1, 13));
    }
    for (let limit = 1; limit <= 13; limit++) {
      const page = await newStore().readStream(stream, { limit });
      const rest = await newStore().readStream(stream, { after: page.position });
      expect(versionsOf(page.events)).toEqual(range(1, limit));
      expect(versionsOf(rest.events)).toEqual(range(limit + 1, 13));
    }
  });

  it('lets a writer that never saw the stream find the head in the last blob and continue it', async () => {
    const stream = newStream();
    await appendAll(newStore(3), stream, sizes);
    log.clear();
    const result = await newStore(3).appendToStream(stream, 13, command(stream, 13, 1));
    expect(log.summary()).toEqual(['GET list', 'GET', 'PUT appendblock']);
    expect(log.requests[1]?.path).toMatch(/000002\.ndjson$/);
    expect(result.streamVersion).toBe(14);
    expect((await blobOf(stream, 2).getProperties()).blobCommittedBlockCount).toBe(3);
  });

  it("rolls over at the blob's own recorded limit, whatever the writer's setting", async () => {
    const stream = newStream();
    await appendAll(newStore(2), stream, [1]);
    await newStore().appendToStream(stream, 1, command(stream, 1, 1));
    await newStore().appendToStream(stream, 2, command(stream, 2, 1));
    expect((await blobOf(stream, 0).getProperties()).blobCommittedBlockCount).toBe(2);
    expect((await blobOf(stream, 1).getProperties()).metadata?.blocklimit).toBe('50000');
    expect(versionsOf((await newStore(2).readStream(stream)).events)).toEqual([1, 2, 3]);
  });

  it('keeps 8 processes writing in parallel through rollovers contiguous', async () => {
    const stream = newStream();
    const writer = async (writerId: number) => {
      const store = newStore(3);
      for (let n = 0; n < 4; ) {
        const { streamVersion } = await store.readStream(stream, { fromVersion: Number.MAX_SAFE_INTEGER });
        const events = command(stream, streamVersion, 1, { writerId, n });
        await store.appendToStream(stream, streamVersion, events).then(
          () => n++,
          (error) => expect(error).toBeInstanceOf(ConcurrencyError),
        );
      }
    };
    await Promise.all(range(1, 8).map(writer));
    const { events } = await newStore().readStream(stream);
    expect(versionsOf(events)).toEqual(range(1, 32));
    expect(new Set(events.map((event) => JSON.stringify(event.data))).size).toBe(32);
    const counts = await Promise.all(range(0, 10).map((index) => blobOf(stream, index).getProperties()));
    expect(counts.map((blob) => blob.blobCommittedBlockCount)).toEqual([...Array(10).fill(3), 2]);
  });
});

describe('Append Blob store: requests and bytes per operation', () => {
  it('creates a stream in two requests; appends after a read or an append in exactly one', async () => {
    const stream = newStream();
    await newStore().appendToStream(stream, 0, command(stream, 0, 2));
    expect(log.summary()).toEqual(['PUT', 'PUT appendblock']);
    await newStore().appendToStream(stream, 2, command(stream, 2, 1));
    const store = newStore();
    await store.readStream(stream);
    log.clear();
    await store.appendToStream(stream, 3, command(stream, 3, 3));
    expect(log.summary()).toEqual(['PUT appendblock']);
    log.clear();
    await store.appendToStream(stream, 6, command(stream, 6, 1));
    expect(log.summary()).toEqual(['PUT appendblock']);
  });

  it("finds a stream's head from its tail, without downloading the whole stream", async () => {
    const stream = newStream();
    const big = { text: 'x'.repeat(2000) };
    await appendAll(newStore(), stream, Array(40).fill(1), big);
    const length = (await blobOf(stream, 0).getProperties()).contentLength ?? 0;
    log.clear();
    await newStore().appendToStream(stream, 40, command(stream, 40, 1));
    expect(log.summary()).toEqual(['GET list', 'GET', 'PUT appendblock']);
    expect(log.requests[1]?.range).toBe(`bytes=${length - 64 * 1024}-`);
    expect(log.requests[1]?.responseBytes).toBe(64 * 1024);
  });

  it('reads after a bookmark with one ranged GET of only the bytes after it', async () => {
    const stream = newStream();
    const positions = await appendAll(newStore(), stream, [2, 1, 3, 1]);
    const bookmark = positions[1] as StreamPosition;
    const offset = Number(bookmark.token.split(':')[1]);
    const length = (await blobOf(stream, 0).getProperties()).contentLength ?? 0;
    log.clear();
    const { events } = await newStore().readStream(stream, { after: bookmark });
    expect(versionsOf(events)).toEqual([4, 5, 6, 7]);
    expect(log.requests).toMatchObject([
      { method: 'GET', range: `bytes=${offset}-`, responseBytes: length - offset },
    ]);
    log.clear();
    const atHead = await newStore().readStream(stream, { after: positions[3] });
    expect(atHead).toEqual({ events: [], streamVersion: 7 });
    expect([log.requests.length, log.responseBytes]).toEqual([1, 0]);
  });
});

describe('Append Blob store: crash leftovers and outages', () => {
  it('reports an unreachable Blob service as unavailable (503), from every operation', async () => {
    const service = countingBlobServiceClient(
      'AccountName=a;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:9/a',
      log,
    );
    const store = new AppendBlobEventStore({ containerClient: service.getContainerClient('gone') });
    const stream = newStream();
    const attempts = [store.readStream(stream), store.appendToStream(stream, 0, command(stream, 0, 1))];
    const outcomes = await Promise.allSettled(attempts);
    for (const outcome of outcomes) expect(outcome).toMatchObject({ status: 'rejected' });
    for (const outcome of outcomes)
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(StoreUnavailableError);
    await expect(store.checkHealth()).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('reads an empty blob left by a crash after create as version 0, and takes the next append', async () => {
    const stream = newStream();
    await blobOf(stream, 0).create({ metadata: { domain: 'test', aggregatetype: 'test.diary' } });
    expect(await newStore().readStream(stream)).toEqual({ events: [], streamVersion: 0 });
    await expect(newStore().appendToStream(stream, 1, command(stream, 1, 1))).rejects.toMatchObject({
      currentVersion: 0,
    });
    log.clear();
    const result = await newStore().appendToStream(stream, 0, command(stream, 0, 2));
    expect(log.summary()).toEqual(['PUT', 'HEAD', 'PUT appendblock']);
    expect(result.streamVersion).toBe(2);
    expect(versionsOf((await newStore().readStream(stream)).events)).toEqual([1, 2]);
  });

  it('continues an empty next blob left by a crash during rollover', async () => {
    const stream = newStream();
    await appendAll(newStore(2), stream, [1, 2]);
    await blobOf(stream, 1).create({ metadata: { blocklimit: '2' } });
    const reader = newStore(2);
    expect(await reader.readStream(stream, { fromVersion: 2 })).toMatchObject({ streamVersion: 3 });
    log.clear();
    await reader.appendToStream(stream, 3, command(stream, 3, 1));
    expect(log.summary()).toEqual(['PUT appendblock']);
    await newStore(2).appendToStream(stream, 4, command(stream, 4, 1));
    expect(versionsOf((await newStore().readStream(stream)).events)).toEqual([1, 2, 3, 4, 5]);
    expect((await blobOf(stream, 1).getProperties()).blobCommittedBlockCount).toBe(2);
  });
});

// Azurite's README lists concurrent appends as unsupported: what it does with real parallel writers.
describe('Azurite with real parallel appends to one blob', () => {
  const bodies = range(1, 16).map((writer) => `${JSON.stringify({ writer, pad: 'p'.repeat(500_000) })}\n`);

  it('lets exactly one of 16 parallel appends at the same appendPosition win', async () => {
    const blob = blobOf(newStream(), 0);
    await blob.create();
    const outcomes = await Promise.allSettled(
      bodies.map((body) => blob.appendBlock(body, body.length, { conditions: { appendPosition: 0 } })),
    );
    const refused = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [outcome.reason.code] : [],
    );
    expect(refused).toEqual(Array(15).fill('AppendPositionConditionNotMet'));
    const winner = outcomes.findIndex((outcome) => outcome.status === 'fulfilled');
    expect((await blob.downloadToBuffer()).toString()).toBe(bodies[winner]);
  });

  it('keeps each of 16 unconditional parallel appends whole, one block each', async () => {
    const blob = blobOf(newStream(), 0);
    await blob.create();
    await Promise.all(bodies.map((body) => blob.appendBlock(body, body.length)));
    const content = (await blob.downloadToBuffer()).toString();
    expect(content.split('\n').filter(Boolean).sort()).toEqual(bodies.map((body) => body.trimEnd()).sort());
    expect((await blob.getProperties()).blobCommittedBlockCount).toBe(16);
  });
});
