// Issue 10, item 6: reads cost what they return on the Append Blob and File Share stores. After hundreds of
// appends, a window of 20 versions near the end downloads a few checkpoints' worth of bytes, not the stream,
// through the stream index; and a missing, stale or damaged index only makes the read slower, never wrong.
import { randomUUID } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import type { ShareClient, ShareFileClient } from '@azure/storage-file-share';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppendBlobEventStore } from '../../src/stores/appendBlob/appendBlobEventStore.js';
import type { EventEnvelope, EventStore, StreamId } from '../../src/stores/eventStore.js';
import { encodeFileName } from '../../src/stores/fileNames.js';
import { FileShareEventStore } from '../../src/stores/fileShare/fileShareEventStore.js';
import { blobServiceClient, emulators } from '../support/emulators.js';
import { makeEvents, uniqueId } from '../support/envelopes.js';
import { downloadedBytes, recordingShare, type ShareRequest } from '../support/recordingShare.js';
import { countingBlobServiceClient, RequestLog } from '../support/requestCounter.js';

/** The index document's format, `{"checkpoints":[[version, blob, offset], …]}` (read here as any tool would). */
interface Checkpoint {
  version: number;
  blob: number;
  offset: number;
}
const parseIndex = (text: string): Checkpoint[] =>
  (JSON.parse(text) as { checkpoints: [number, number, number][] }).checkpoints.map(
    ([version, blob, offset]) => ({
      version,
      blob,
      offset,
    }),
  );
const serializeIndex = (checkpoints: Checkpoint[]) =>
  JSON.stringify({ checkpoints: checkpoints.map((c) => [c.version, c.blob, c.offset]) });

const EVERY = 10;
const VERSIONS = 400;
/** Commands of 1, 2, 1 and 3 events, so File Share lines (one per command) hold several versions. */
const SIZES = [1, 2, 1, 3];
const padding = 'p'.repeat(600);

/** Appends VERSIONS events in commands of SIZES; returns every envelope written. */
async function seed(store: EventStore, stream: StreamId): Promise<EventEnvelope[]> {
  const written: EventEnvelope[] = [];
  for (let turn = 0; written.length < VERSIONS; turn++) {
    const size = Math.min(SIZES[turn % SIZES.length] as number, VERSIONS - written.length);
    const events = makeEvents(stream, written.length, size, (version) => ({ version, padding }));
    await store.appendToStream(stream, written.length, events);
    written.push(...events);
  }
  return written;
}

const window = { fromVersion: VERSIONS - 50, limit: 20 };
const versions = (events: EventEnvelope[]) => events.map((event) => event.version);
const expectedWindow = Array.from({ length: 20 }, (_, index) => VERSIONS - 50 + index);

/**
 * Reads many windows, each on a fresh store (nothing cached): each holds exactly its versions, and a window of
 * at most 20 versions downloads less than a quarter of the stream, wherever it lies.
 */
async function expectEveryWindow(
  store: () => EventStore,
  stream: StreamId,
  written: EventEnvelope[],
  traffic: { reset(): void; downloaded(): number; streamBytes(): number },
) {
  const starts = [1, 5, 10, 11, 12, 55, 99, 100, 101, 199, 250, 333, 381, 395, 399, 400, 401];
  for (const fromVersion of starts) {
    for (const limit of [1, 7, 20, 100, undefined]) {
      traffic.reset();
      const result = await store().readStream(
        stream,
        limit === undefined ? { fromVersion } : { fromVersion, limit },
      );
      const last = Math.min(VERSIONS, limit === undefined ? VERSIONS : fromVersion + limit - 1);
      expect([fromVersion, limit, result.streamVersion, versions(result.events)]).toEqual([
        fromVersion,
        limit,
        VERSIONS,
        versions(written.slice(fromVersion - 1, last)),
      ]);
      if (limit !== undefined && limit <= 20)
        expect([fromVersion, limit, traffic.downloaded() < traffic.streamBytes() / 4]).toEqual([
          fromVersion,
          limit,
          true,
        ]);
    }
  }
}

describe('item 6: Append Blob reads of a window download about what they return', () => {
  const log = new RequestLog();
  const containerName = `index-${randomUUID()}`;
  let counted: ContainerClient;
  let raw: ContainerClient;
  const stream: StreamId = { aggregateType: 'test.indexed', aggregateId: uniqueId('Item') };
  let written: EventEnvelope[] = [];
  let streamBytes = 0;
  const store = () => new AppendBlobEventStore({ containerClient: counted, checkpointEvery: EVERY });
  const indexBlob = () => raw.getBlockBlobClient(`${stream.aggregateType}/${stream.aggregateId}/index.json`);

  beforeAll(async () => {
    counted = countingBlobServiceClient(emulators().storageConnectionString, log).getContainerClient(
      containerName,
    );
    raw = blobServiceClient().getContainerClient(containerName);
    await raw.create();
    const writer = store();
    written = await seed(writer, stream);
    await writer.close?.(); // the index is written in the background: wait for it
    const blob = raw.getAppendBlobClient(`${stream.aggregateType}/${stream.aggregateId}/000000.ndjson`);
    streamBytes = (await blob.getProperties()).contentLength ?? 0;
  }, 60_000);

  it('item 6: keeps a checkpoint every 10 versions in index.json, each at the line of its version', async () => {
    const checkpoints = parseIndex(await textOf(indexBlob()));
    expect(checkpoints.map((checkpoint) => checkpoint.version)).toEqual(
      Array.from({ length: VERSIONS / EVERY - 1 }, (_, index) => (index + 1) * EVERY + 1),
    );
    const blob = raw.getAppendBlobClient(`${stream.aggregateType}/${stream.aggregateId}/000000.ndjson`);
    const content = await blob.downloadToBuffer();
    for (const checkpoint of checkpoints) {
      const line = content.subarray(checkpoint.offset, content.indexOf(0x0a, checkpoint.offset)).toString();
      expect(JSON.parse(line).version).toBe(checkpoint.version);
    }
  });

  it('item 6: reads 20 versions near the end of a 400-version stream in 4 requests and a fraction of its bytes', async () => {
    const reader = store();
    log.clear();
    const result = await reader.readStream(stream, window);
    expect(versions(result.events)).toEqual(expectedWindow);
    expect(result.events).toEqual(written.slice(VERSIONS - 51, VERSIONS - 31));
    expect(result.streamVersion).toBe(VERSIONS);
    // the index, then the window; beside them the blob's length and its tail (the head)
    expect(log.summary().sort()).toEqual(['GET', 'GET', 'GET', 'HEAD']);
    expect(downloaded(log)).toBeLessThan(streamBytes / 5);
    // and a page from the end reads from the last checkpoint to the end
    log.clear();
    const last = await store().readStream(stream, { fromVersion: VERSIONS - 19, limit: 20 });
    expect(versions(last.events)).toEqual(Array.from({ length: 20 }, (_, index) => VERSIONS - 19 + index));
    expect(downloaded(log)).toBeLessThan(streamBytes / 5);
  });

  it('item 6: returns exactly the versions asked for from anywhere, a small window costing a fraction', async () => {
    await expectEveryWindow(store, stream, written, {
      reset: () => log.clear(),
      downloaded: () => downloaded(log),
      streamBytes: () => streamBytes,
    });
  });

  it('item 6: reads the right window when the index is missing, stale or damaged, and repairs it', async () => {
    const stored = await textOf(indexBlob());
    const checkpoints = parseIndex(stored);
    expect(checkpoints.length).toBeGreaterThanOrEqual(VERSIONS / EVERY - 2);
    const shifted = checkpoints.map((checkpoint) => ({ ...checkpoint, offset: checkpoint.offset + 7 }));
    const damaged: [string, () => Promise<unknown>][] = [
      ['missing', () => indexBlob().deleteIfExists()],
      ['stale', () => indexBlob().upload(serializeIndex(checkpoints.slice(0, 3)), 100)],
      ['not an index', () => indexBlob().upload('{"checkpoints": garbage', 23)],
      ['pointing into lines', () => uploadText(indexBlob(), serializeIndex(shifted))],
    ];
    for (const [what, damage] of damaged) {
      await damage();
      const reader = store();
      const result = await reader.readStream(stream, window);
      expect([what, versions(result.events), result.streamVersion]).toEqual([what, expectedWindow, VERSIONS]);
      expect(result.events).toEqual(written.slice(VERSIONS - 51, VERSIONS - 31));
      // a read to the head starts at a checkpoint exactly, so it notices any that is wrong
      expect(versions((await reader.readStream(stream, { fromVersion: VERSIONS - 55 })).events)).toHaveLength(
        56,
      );
      await reader.close?.();
      // the reads went through the records from the start (or the last good checkpoint): the index is whole again
      const repaired = parseIndex(await textOf(indexBlob()));
      expect([what, repaired.filter((c) => c.version <= VERSIONS - 31)]).toEqual([
        what,
        checkpoints.filter((c) => c.version <= VERSIONS - 31),
      ]);
      await uploadText(indexBlob(), stored);
    }
  });
});

describe('item 6: File Share reads of a window download about what they return', () => {
  const sent: ShareRequest[] = [];
  let share: ShareClient;
  const stream: StreamId = { aggregateType: 'test.indexed', aggregateId: uniqueId('Veh') };
  let written: EventEnvelope[] = [];
  let streamBytes = 0;
  const store = () =>
    new FileShareEventStore({ shareClient: share, directory: 'streams', checkpointEvery: EVERY });
  const directory = () => share.getDirectoryClient(`streams/${stream.aggregateType}`);
  const indexFile = () => directory().getFileClient(`${encodeFileName(stream.aggregateId)}.index.json`);

  beforeAll(async () => {
    share = recordingShare(sent);
    const writer = store();
    written = await seed(writer, stream);
    await writer.close?.();
    const file = directory().getFileClient(`${encodeFileName(stream.aggregateId)}.ndjson`);
    streamBytes = Number((await file.getProperties()).metadata?.endofdata);
  }, 60_000);

  it('item 6: keeps the index in a sidecar file that listings skip, each checkpoint at its line', async () => {
    const checkpoints = parseIndex(await textOf(indexFile()));
    expect(checkpoints.length).toBeGreaterThanOrEqual(VERSIONS / EVERY - 2);
    const file = directory().getFileClient(`${encodeFileName(stream.aggregateId)}.ndjson`);
    const content = await file.downloadToBuffer();
    for (const checkpoint of checkpoints) {
      const line = content.subarray(checkpoint.offset, content.indexOf(0x0a, checkpoint.offset)).toString();
      const events = JSON.parse(line) as EventEnvelope[];
      expect(events[0]?.version).toBe(checkpoint.version);
      expect(Math.floor(((events.at(-1)?.version ?? 0) - 1) / EVERY) * EVERY + 1).toBeGreaterThanOrEqual(
        checkpoint.version,
      );
    }
    expect((await store().listStreams(stream.aggregateType)).aggregateIds).toEqual([stream.aggregateId]);
  });

  it('item 6: reads 20 versions near the end of a 400-version stream in 3 requests and a fraction of its bytes', async () => {
    sent.length = 0;
    const result = await store().readStream(stream, window);
    expect(versions(result.events)).toEqual(expectedWindow);
    expect(result.events).toEqual(written.slice(VERSIONS - 51, VERSIONS - 31));
    expect(result.streamVersion).toBe(VERSIONS);
    // the properties and the index in parallel, then the window up to the next checkpoint
    expect(sent.map((request) => request.method).sort()).toEqual(['GET', 'GET', 'HEAD']);
    expect(downloadedBytes(sent)).toBeLessThan(streamBytes / 5);
  });

  it('item 6: returns exactly the versions asked for from anywhere, a small window costing a fraction', async () => {
    await expectEveryWindow(store, stream, written, {
      reset: () => {
        sent.length = 0;
      },
      downloaded: () => downloadedBytes(sent),
      streamBytes: () => streamBytes,
    });
  });

  it('item 6: reads the right window when the index is missing, stale or damaged, and repairs it', async () => {
    const stored = await textOf(indexFile());
    const checkpoints = parseIndex(stored);
    expect(checkpoints.length).toBeGreaterThanOrEqual(VERSIONS / EVERY - 2);
    const shifted = checkpoints.map((checkpoint) => ({ ...checkpoint, offset: checkpoint.offset + 7 }));
    const damaged: [string, () => Promise<unknown>][] = [
      ['missing', () => indexFile().deleteIfExists()],
      ['stale', () => writeFile(indexFile(), serializeIndex(checkpoints.slice(0, 3)))],
      ['not an index', () => writeFile(indexFile(), '{"checkpoints": garbage')],
      ['pointing into lines', () => writeFile(indexFile(), serializeIndex(shifted))],
      [
        'pointing past the data',
        () => writeFile(indexFile(), serializeIndex([{ version: 341, blob: 0, offset: 10 ** 9 }])),
      ],
    ];
    for (const [what, damage] of damaged) {
      await damage();
      const reader = store();
      const result = await reader.readStream(stream, window);
      expect([what, versions(result.events), result.streamVersion]).toEqual([what, expectedWindow, VERSIONS]);
      expect(result.events).toEqual(written.slice(VERSIONS - 51, VERSIONS - 31));
      expect(versions((await reader.readStream(stream, { fromVersion: VERSIONS - 55 })).events)).toHaveLength(
        56,
      );
      await reader.close?.();
      const repaired = parseIndex(await textOf(indexFile()));
      expect([what, repaired.filter((c) => c.version <= VERSIONS - 31)]).toEqual([
        what,
        checkpoints.filter((c) => c.version <= VERSIONS - 31),
      ]);
      await writeFile(indexFile(), stored);
    }
  });
});

/** Response bytes of the GETs (a HEAD's Content-Length is the blob's, not what it downloaded). */
function downloaded(log: RequestLog): number {
  return log.requests.filter((r) => r.method === 'GET').reduce((sum, r) => sum + r.responseBytes, 0);
}

/** A stored index document's text; an empty index when there is none. */
async function textOf(document: { downloadToBuffer(): Promise<Buffer>; exists(): Promise<boolean> }) {
  return (await document.exists()) ? (await document.downloadToBuffer()).toString() : '{"checkpoints":[]}';
}

async function uploadText(blob: ReturnType<ContainerClient['getBlockBlobClient']>, text: string) {
  await blob.upload(text, Buffer.byteLength(text));
}

async function writeFile(file: ShareFileClient, text: string) {
  const body = Buffer.from(text);
  await file.create(body.length);
  await file.uploadRange(body, 0, body.length);
}
