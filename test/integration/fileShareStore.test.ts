// The File Share store's own guarantees, through the real SDK on the Files emulator: the metadata commit
// point (torn writes stay invisible), pre-allocation grown by doubling, write exclusion by lease and recovery
// from a lease left behind, case-distinct stream files, exclusive creation, and what a read or append costs.
import { randomUUID } from 'node:crypto';
import type { ShareClient, ShareFileClient } from '@azure/storage-file-share';
import { describe, expect, it } from 'vitest';
import { ConcurrencyError, StoreUnavailableError } from '../../src/errors.js';
import type { EventEnvelope, StreamId } from '../../src/stores/eventStore.js';
import { encodeFileName } from '../../src/stores/fileNames.js';
import {
  FileShareEventStore,
  type FileShareEventStoreOptions,
} from '../../src/stores/fileShare/fileShareEventStore.js';
import { makeEvents, uniqueId } from '../support/envelopes.js';
import { recordingShare, type ShareRequest } from '../support/recordingShare.js';

const DIRECTORY = 'streams/int';
const TYPE = 'fleet.vehicle';

function given(options: Partial<Omit<FileShareEventStoreOptions, 'shareClient'>> = {}) {
  const sent: ShareRequest[] = [];
  const share = recordingShare(sent);
  const store = new FileShareEventStore({ shareClient: share, directory: DIRECTORY, ...options });
  const stream = { aggregateType: TYPE, aggregateId: uniqueId('Veh') };
  return { store, share, sent, stream, file: streamFile(share, stream) };
}

function streamFile(share: ShareClient, stream: StreamId): ShareFileClient {
  return share
    .getDirectoryClient(`${DIRECTORY}/${stream.aggregateType}`)
    .getFileClient(`${encodeFileName(stream.aggregateId)}.ndjson`);
}

const lineBytes = (events: EventEnvelope[]) =>
  Buffer.byteLength(`[${events.map((e) => JSON.stringify(e)).join(',')}]\n`);
const versions = (events: EventEnvelope[]) => events.map((event) => event.version);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function properties(file: ShareFileClient) {
  const { metadata = {}, contentLength, leaseState } = await file.getProperties();
  return { metadata, contentLength, leaseState };
}

describe('File Share store: the metadata commit point', () => {
  it('keeps a torn write (range written, metadata not) invisible, and the next append overwrites it', async () => {
    // given a stream at version 2, and a writer that wrote its line past endofdata and crashed
    const { store, stream, file } = given();
    const first = makeEvents(stream, 0, 2);
    await store.appendToStream(stream, 0, first);
    const endOfData = lineBytes(first);
    const torn = Buffer.from(
      `[${JSON.stringify(makeEvents(stream, 2, 1, () => ({ torn: 'x'.repeat(500) }))[0])}]\n`,
    );
    await file.uploadRange(torn, endOfData, torn.length);
    // when the stream is read, then continued
    const read = await store.readStream(stream);
    const next = makeEvents(stream, 2, 1, () => ({ short: true }));
    const appended = await store.appendToStream(stream, 2, next);
    // then the torn line never shows, and the stream holds exactly what was committed
    expect([read.streamVersion, versions(read.events)]).toEqual([2, [1, 2]]);
    expect(appended.streamVersion).toBe(3);
    expect((await store.readStream(stream)).events).toEqual([...first, ...next]);
    const newEnd = endOfData + lineBytes(next);
    expect((await properties(file)).metadata).toMatchObject({ recordcount: '3', endofdata: String(newEnd) });
    // (the rest of the torn bytes are still there, past endofdata, where nothing reads them)
    expect((await file.downloadToBuffer()).subarray(newEnd, endOfData + torn.length).toString()).toContain(
      'xxxxx',
    );
  });

  it('pre-allocates files and grows them by doubling, with the commit metadata as designed', async () => {
    // given a store that pre-allocates 1 KiB, and commands of about 600 bytes
    const { store, stream, file } = given({ initialSizeInBytes: 1024 });
    const sizes: number[] = [];
    const expectedSizes: number[] = [];
    let version = 0;
    let endOfData = 0;
    let expectedSize = 1024;
    // when eight commands are appended one after the other
    for (let n = 0; n < 8; n++) {
      const events = makeEvents(stream, version, 1, () => ({ padding: 'p'.repeat(300 + n) }));
      await store.appendToStream(stream, version, events);
      version += 1;
      endOfData += lineBytes(events);
      while (expectedSize < endOfData) expectedSize *= 2;
      expectedSizes.push(expectedSize);
      const { contentLength, metadata } = await properties(file);
      sizes.push(contentLength ?? 0);
      // then the metadata names the stream and commits exactly the bytes written so far
      expect(metadata).toEqual({
        aggregatetype: TYPE,
        aggregatekey: stream.aggregateId,
        recordcount: String(version),
        endofdata: String(endOfData),
      });
    }
    // then the file went 1×, 2×, 4× … its initial size, never more than needed
    expect(sizes).toEqual(expectedSizes);
    expect(new Set(sizes)).toEqual(new Set([1024, 2048, 4096, 8192]));
  });

  it('creates a stream whose first command exceeds the initial size at the doubled size that fits it', async () => {
    const { store, stream, file } = given({ initialSizeInBytes: 1024 });
    const events = makeEvents(stream, 0, 3, () => ({ padding: 'p'.repeat(700) }));
    await store.appendToStream(stream, 0, events);
    const needed = lineBytes(events);
    expect([needed > 2048, needed <= 4096]).toEqual([true, true]);
    expect((await properties(file)).contentLength).toBe(4096);
  });
});

describe('File Share store: leases', () => {
  it('does not write while another writer holds the lease, and that writer can still commit', async () => {
    // given a stream at version 1 whose lease another writer holds
    const { store, stream, file } = given({ leaseWaitInMs: 200 });
    await store.appendToStream(stream, 0, makeEvents(stream, 0, 1));
    const before = await file.downloadToBuffer();
    const { leaseId } = await file.getShareLeaseClient().acquireLease(-1);
    // when this store tries to append
    const attempt = await store.appendToStream(stream, 1, makeEvents(stream, 1, 1)).catch((e: unknown) => e);
    // then it gives up after its wait, store unavailable until the lease is taken for abandoned (30 s)
    expect(attempt).toBeInstanceOf(StoreUnavailableError);
    expect((attempt as StoreUnavailableError).retryAfterInSeconds).toBeGreaterThanOrEqual(29);
    expect(await file.downloadToBuffer()).toEqual(before);
    expect((await properties(file)).leaseState).toBe('leased');
    // and the lease holder commits its own event as designed
    const [theirs] = makeEvents(stream, 1, 1, () => ({ holder: true }));
    const line = Buffer.from(`[${JSON.stringify(theirs)}]\n`);
    const end = before.indexOf(0x0a) + 1;
    const held = { leaseAccessConditions: { leaseId } };
    await file.uploadRange(line, end, line.length, held);
    await file.setMetadata(
      {
        aggregatetype: TYPE,
        aggregatekey: stream.aggregateId,
        recordcount: '2',
        endofdata: String(end + line.length),
      },
      held,
    );
    await file.getShareLeaseClient(leaseId).releaseLease();
    const { events } = await store.readStream(stream);
    expect(events.at(-1)).toEqual(theirs);
    expect((await store.appendToStream(stream, 2, makeEvents(stream, 2, 1))).streamVersion).toBe(3);
  });

  it('breaks a lease left by a crashed writer once stale, not before, and the stream stays consistent', async () => {
    // given a stream at version 1 and a writer that took the lease, wrote a range and crashed
    const { store, stream, file } = given({ leaseStalenessInMs: 300, leaseWaitInMs: 50 });
    const first = makeEvents(stream, 0, 1);
    await store.appendToStream(stream, 0, first);
    const { leaseId: crashed } = await file.getShareLeaseClient().acquireLease(-1);
    const garbage = Buffer.from('{"half a line');
    await file.uploadRange(garbage, lineBytes(first), garbage.length, {
      leaseAccessConditions: { leaseId: crashed },
    });
    // when an append comes before the staleness
    const early = await store.appendToStream(stream, 1, makeEvents(stream, 1, 1)).catch((e: unknown) => e);
    // then the lease is not broken
    expect(early).toBeInstanceOf(StoreUnavailableError);
    expect((await properties(file)).leaseState).toBe('leased');
    // when the next append comes after the staleness
    await sleep(350);
    const second = makeEvents(stream, 1, 1);
    const appended = await store.appendToStream(stream, 1, second);
    // then it broke the lease and committed, the stream is exactly what was committed, and the lease is free
    expect(appended.streamVersion).toBe(2);
    expect((await store.readStream(stream)).events).toEqual([...first, ...second]);
    expect((await properties(file)).leaseState).toBe('available');
    // and the old holder, were it only slow, can no longer write or commit
    const stale = { leaseAccessConditions: { leaseId: crashed } };
    await expect(file.uploadRange(garbage, 0, garbage.length, stale)).rejects.toMatchObject({
      statusCode: 412,
    });
    await expect(file.setMetadata({ recordcount: '9' }, stale)).rejects.toMatchObject({ statusCode: 412 });
    expect((await store.readStream(stream)).streamVersion).toBe(2);
  });
});

describe('File Share store: stream files', () => {
  it('keeps two ids that differ only in case in two files, and lists both', async () => {
    const { store, share } = given();
    const upper = { aggregateType: TYPE, aggregateId: `Fleet-ABC-${randomUUID().slice(0, 4)}` };
    const lower = { aggregateType: TYPE, aggregateId: upper.aggregateId.toLowerCase() };
    await store.appendToStream(
      upper,
      0,
      makeEvents(upper, 0, 1, () => ({ who: 'upper' })),
    );
    await store.appendToStream(
      lower,
      0,
      makeEvents(lower, 0, 2, () => ({ who: 'lower' })),
    );
    expect((await store.readStream(upper)).events.map((e) => e.data)).toEqual([{ who: 'upper' }]);
    expect((await store.readStream(lower)).events.map((e) => e.data)).toEqual([
      { who: 'lower' },
      { who: 'lower' },
    ]);
    expect(await streamFile(share, upper).exists()).toBe(true);
    expect(streamFile(share, upper).name).not.toBe(streamFile(share, lower).name);
    expect((await store.listStreams(TYPE)).aggregateIds.sort()).toEqual(
      [upper.aggregateId, lower.aggregateId].sort(),
    );
  });

  it('lets concurrent creators of one new stream lose no committed event, and leaves no temporary file', async () => {
    // given eight stores (as in eight processes) and a stream in a share that does not exist yet
    const share = recordingShare([]);
    const stores = Array.from(
      { length: 8 },
      () => new FileShareEventStore({ shareClient: share, directory: DIRECTORY }),
    );
    const stream = { aggregateType: 'fleet.new', aggregateId: uniqueId('new') };
    // when each appends its event, starting from version 0 and retrying on conflicts
    const committed = await Promise.all(
      stores.map(async (store, writer) => {
        let expected = 0;
        for (;;) {
          try {
            await store.appendToStream(
              stream,
              expected,
              makeEvents(stream, expected, 1, () => ({ writer })),
            );
            return writer;
          } catch (error) {
            if (!(error instanceof ConcurrencyError)) throw error;
            expected = (await store.readStream(stream, { fromVersion: Number.MAX_SAFE_INTEGER }))
              .streamVersion;
          }
        }
      }),
    );
    // then every acknowledged event is in the stream, once, with contiguous versions
    const { events } = await new FileShareEventStore({ shareClient: share, directory: DIRECTORY }).readStream(
      stream,
    );
    expect(versions(events)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(events.map((e) => (e.data as { writer: number }).writer).sort()).toEqual(committed.sort());
    const names: string[] = [];
    for await (const item of share.getDirectoryClient(`${DIRECTORY}/fleet.new`).listFilesAndDirectories()) {
      names.push(item.name);
    }
    expect(names).toEqual([`${encodeFileName(stream.aggregateId)}.ndjson`]);
  });

  it('skips temporary files of crashed creators when listing', async () => {
    const { store, share, stream } = given();
    await store.appendToStream(stream, 0, makeEvents(stream, 0, 1));
    await share.getDirectoryClient(`${DIRECTORY}/${TYPE}`).getFileClient('~crashed-creator.tmp').create(64);
    expect((await store.listStreams(TYPE)).aggregateIds).toEqual([stream.aggregateId]);
  });
});

describe('File Share store: what reads and appends cost', () => {
  it('downloads only the bytes after a bookmark', async () => {
    // given a stream of two commands read to its end, then a third command
    const { store, stream, sent } = given();
    await store.appendToStream(
      stream,
      0,
      makeEvents(stream, 0, 3, () => ({ big: 'b'.repeat(2000) })),
    );
    await store.appendToStream(stream, 3, makeEvents(stream, 3, 2));
    const { position } = await store.readStream(stream);
    const third = makeEvents(stream, 5, 2);
    await store.appendToStream(stream, 5, third);
    // when reading after the bookmark
    sent.length = 0;
    const rest = await store.readStream(stream, { after: position });
    // then one Get Properties and one ranged download of exactly the new line
    expect(rest.events).toEqual(third);
    expect(sent.map((r) => r.method)).toEqual(['HEAD', 'GET']);
    expect(sent[1]?.bytes).toBe(lineBytes(third));
    // and at the head, only Get Properties
    sent.length = 0;
    expect((await store.readStream(stream, { after: rest.position })).events).toEqual([]);
    expect(sent.map((r) => r.method)).toEqual(['HEAD']);
  });

  it('appends with lease, range, metadata and release; a new stream with create, range and rename', async () => {
    const { store, stream, sent, share } = given();
    const operations = () => sent.map((r) => `${r.method} ${r.comp}`.trim());
    await store.appendToStream(stream, 0, makeEvents(stream, 0, 1)); // creates the share and directories
    const other = { aggregateType: TYPE, aggregateId: uniqueId('other') };
    sent.length = 0;
    await store.appendToStream(other, 0, makeEvents(other, 0, 1));
    expect(operations()).toEqual(['PUT', 'PUT range', 'PUT rename']);
    sent.length = 0;
    await store.appendToStream(stream, 1, makeEvents(stream, 1, 1));
    expect(operations()).toEqual(['PUT lease', 'PUT range', 'PUT metadata', 'PUT lease']);
    // a store that has not seen the stream (another instance) reads the metadata under the lease first
    const fresh = new FileShareEventStore({ shareClient: share, directory: DIRECTORY });
    sent.length = 0;
    await fresh.appendToStream(stream, 2, makeEvents(stream, 2, 1));
    expect(operations()).toEqual(['PUT lease', 'HEAD', 'PUT range', 'PUT metadata', 'PUT lease']);
  });
});
