// The Azure Files emulator, driven through the unchanged @azure/storage-file-share SDK: every
// operation the File Share event store relies on, and every service error it must react to (leases are in
// filesEmulatorLeases.test.ts, rename in filesEmulatorRename.test.ts).
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { ShareServiceClient, StorageSharedKeyCredential } from '@azure/storage-file-share';
import { describe, expect, it } from 'vitest';
import { developmentAccountKey, startFilesEmulator } from '../index.js';
import { read, rejectsWith, useFilesEmulator, write } from './filesHarness.js';

const files = useFilesEmulator();
const { newShare, newFile } = files;

describe('shares', () => {
  it('creates a share once, then reports it as existing', async () => {
    const share = files.service().getShareClient(`files-once-${Date.now().toString(36)}`);
    expect((await share.createIfNotExists()).succeeded).toBe(true);
    expect((await share.createIfNotExists()).succeeded).toBe(false);
    await rejectsWith(share.create(), 409, 'ShareAlreadyExists');
    expect(await share.exists()).toBe(true);
    await rejectsWith(files.service().getShareClient('Upper-Case').create(), 400, 'InvalidResourceName');
  });

  it('deletes a share and everything in it', async () => {
    const share = await newShare();
    await share.rootDirectoryClient.getFileClient('f').create(10);
    await share.delete();
    expect(await share.exists()).toBe(false);
    expect((await share.deleteIfExists()).succeeded).toBe(false);
    await rejectsWith(share.getProperties(), 404, 'ShareNotFound');
  });
});

describe('directories', () => {
  it('creates nested directories level by level, and needs each parent first', async () => {
    const share = await newShare();
    await rejectsWith(share.getDirectoryClient('a/b').create(), 404, 'ParentNotFound');
    expect((await share.getDirectoryClient('a').createIfNotExists()).succeeded).toBe(true);
    expect((await share.getDirectoryClient('a/b').createIfNotExists()).succeeded).toBe(true);
    expect((await share.getDirectoryClient('a/b').createIfNotExists()).succeeded).toBe(false);
    await rejectsWith(share.getDirectoryClient('a/b').create(), 409, 'ResourceAlreadyExists');
    expect(await share.getDirectoryClient('a/b').exists()).toBe(true);
    // Names are case-insensitive (and case-preserving) on Azure Files.
    await rejectsWith(share.getDirectoryClient('A/B').create(), 409, 'ResourceAlreadyExists');
  });

  it('deletes only empty directories', async () => {
    const share = await newShare();
    const directory = share.getDirectoryClient('streams');
    await directory.create();
    await directory.getFileClient('f').create(1);
    await rejectsWith(directory.delete(), 409, 'DirectoryNotEmpty');
    await directory.getFileClient('f').delete();
    expect((await directory.deleteIfExists()).succeeded).toBe(true);
    expect(await directory.exists()).toBe(false);
  });
});

describe('files: content', () => {
  it('creates a file of the given size that reads as zeros', async () => {
    const file = await newFile(8);
    expect((await file.getProperties()).contentLength).toBe(8);
    expect(await read(file)).toEqual(Buffer.alloc(8));
  });

  it('replaces an existing file on create: new size, new metadata, no old bytes', async () => {
    const file = await newFile(10);
    await write(file, 0, 'old-bytes!');
    await file.create(4, { metadata: { generation: '2' } });
    const properties = await file.getProperties();
    expect([properties.contentLength, properties.metadata]).toEqual([4, { generation: '2' }]);
    expect(await read(file)).toEqual(Buffer.alloc(4));
  });

  it('reads back written ranges whole and ranged, zeros where nothing was written, and clears ranges', async () => {
    const file = await newFile(16);
    await write(file, 2, 'abc');
    await write(file, 10, 'xyz');
    expect((await read(file)).toString('latin1')).toBe('\0\0abc\0\0\0\0\0xyz\0\0\0');
    expect((await read(file, 3, 8)).toString('latin1')).toBe('bc\0\0\0\0\0x');
    expect((await read(file, 11)).toString('latin1')).toBe('yz\0\0\0');
    const ranged = await file.download(2, 3);
    expect([ranged.contentLength, ranged.contentRange]).toEqual([3, 'bytes 2-4/16']);
    await file.clearRange(3, 9);
    expect((await read(file)).toString('latin1')).toBe('\0\0a\0\0\0\0\0\0\0\0\0z\0\0\0');
  });

  it('rejects a range past the end of the file with 416 InvalidRange', async () => {
    const file = await newFile(4);
    await rejectsWith(write(file, 2, 'abc'), 416, 'InvalidRange');
    await rejectsWith(file.download(4, 1), 416, 'InvalidRange');
  });

  it('writes a full 4 MiB range (the SDK refuses larger ones before sending)', async () => {
    const file = await newFile(4 * 1024 * 1024);
    const range = Buffer.alloc(4 * 1024 * 1024, 0x2a);
    await file.uploadRange(range, 0, range.length);
    expect((await read(file)).equals(range)).toBe(true);
  });

  it('keeps a huge pre-allocated file sparse: only written bytes take memory', async () => {
    const file = await newFile(2 ** 40);
    await write(file, 2 ** 40 - 3, 'end');
    expect((await read(file, 2 ** 40 - 5, 5)).toString('latin1')).toBe('\0\0end');
  });

  it('resizes: growing keeps the data, shrinking drops the tail for good', async () => {
    const file = await newFile(4);
    await write(file, 0, 'data');
    await file.resize(8);
    expect((await read(file)).toString('latin1')).toBe('data\0\0\0\0');
    await file.resize(2);
    await file.resize(4);
    expect((await read(file)).toString('latin1')).toBe('da\0\0');
  });
});

describe('files: metadata', () => {
  it('round-trips metadata and replaces all of it on set (the SDK on Node lower-cases the names)', async () => {
    const file = await newFile(1);
    await file.setMetadata({ StreamId: 'order-1', streamVersion: '3' });
    expect((await file.getProperties()).metadata).toEqual({ streamid: 'order-1', streamversion: '3' });
    await file.setMetadata({ Other: 'x' });
    expect((await file.getProperties()).metadata).toEqual({ other: 'x' });
  });

  it('keeps the metadata name case on the wire', async () => {
    // Node lower-cases response header names before the SDK sees them, so this one check reads the
    // raw response of a HEAD signed with the SDK's own credential.
    const file = await newFile(1);
    await file.setMetadata({ StreamId: 'order-1' });
    const url = new URL(file.url);
    const date = new Date().toUTCString();
    const signed = `HEAD${'\n'.repeat(12)}x-ms-date:${date}\nx-ms-version:2025-11-05\n/devstoreaccount1${url.pathname}`;
    const key = new StorageSharedKeyCredential('devstoreaccount1', developmentAccountKey);
    const authorization = `SharedKey devstoreaccount1:${key.computeHMACSHA256(signed)}`;
    const headers = { 'x-ms-date': date, 'x-ms-version': '2025-11-05', authorization };
    const rawHeaders = await new Promise<string[]>((resolve, reject) => {
      const respond = (res: IncomingMessage) => resolve(res.resume().rawHeaders);
      httpRequest(url, { method: 'HEAD', headers, agent: false }, respond).on('error', reject).end();
    });
    expect(rawHeaders).toContain('x-ms-meta-StreamId');
  });
});

describe('listing', () => {
  it('pages through files and directories in name order, with sizes', async () => {
    const share = await newShare();
    const root = share.getDirectoryClient('streams');
    await root.create();
    for (const name of ['c', 'a', 'e']) await root.getFileClient(name).create(name.charCodeAt(0));
    for (const name of ['b', 'd']) await root.getDirectoryClient(name).create();
    const pages = [];
    for await (const { segment } of root.listFilesAndDirectories().byPage({ maxPageSize: 2 })) {
      const files = segment.fileItems.map((f) => `${f.name}:${f.properties.contentLength}`);
      pages.push([...files, ...segment.directoryItems.map((d) => `${d.name}/`)]);
    }
    expect(pages).toEqual([['a:97', 'b/'], ['c:99', 'd/'], ['e:101']]);
  });

  it('filters by prefix and lists an empty directory as empty', async () => {
    const share = await newShare();
    const root = share.rootDirectoryClient;
    for (const name of ['order-1', 'order-2', 'invoice-1']) await root.getFileClient(name).create(0);
    const names = [];
    for await (const item of root.listFilesAndDirectories({ prefix: 'order-' })) names.push(item.name);
    expect(names).toEqual(['order-1', 'order-2']);
    await share.getDirectoryClient('empty').create();
    const page = await share.getDirectoryClient('empty').listFilesAndDirectories().byPage().next();
    expect(page.value?.segment).toEqual({ fileItems: [], directoryItems: [] });
  });
});

describe('deleting and finding files', () => {
  it('deletes a file once; afterwards it does not exist', async () => {
    const file = await newFile(1);
    expect((await file.deleteIfExists()).succeeded).toBe(true);
    expect((await file.deleteIfExists()).succeeded).toBe(false);
    expect(await file.exists()).toBe(false);
    await rejectsWith(file.getProperties(), 404, 'ResourceNotFound', true);
    await rejectsWith(file.download(), 404, 'ResourceNotFound');
  });

  it('reports a file in a missing directory as 404 ParentNotFound', async () => {
    const share = await newShare();
    const file = share.getDirectoryClient('missing').getFileClient('f');
    await rejectsWith(file.create(1), 404, 'ParentNotFound');
    await rejectsWith(file.getProperties(), 404, 'ParentNotFound', true);
  });
});

describe('the server', () => {
  it('rejects a request signed with the wrong account key (403 AuthenticationFailed)', async () => {
    const wrongKey = `AccountKey=${Buffer.alloc(64, 7).toString('base64')}`;
    const wrong = files.emulator().connectionString.replace(/AccountKey=[^;]+/, wrongKey);
    const impostor = ShareServiceClient.fromConnectionString(wrong);
    await rejectsWith(impostor.getShareClient('files-impostor').create(), 403, 'AuthenticationFailed');
  });

  it('closes promptly with a keep-alive client mid-request, and names a port in use', async () => {
    const second = await startFilesEmulator({ port: 0 });
    const inUse = `Azure Files emulator: port ${second.port} is already in use`;
    await expect(startFilesEmulator({ port: second.port })).rejects.toThrow(inUse);
    const share = ShareServiceClient.fromConnectionString(second.connectionString).getShareClient(
      'keepalive',
    );
    await share.create();
    const file = share.rootDirectoryClient.getFileClient('f');
    await file.create(8);
    // An upload whose body never ends keeps its socket busy until the server drops it.
    const stalled = new PassThrough();
    stalled.write('x');
    const abort = new AbortController();
    const upload = file
      .uploadRange(() => stalled, 0, 8, { abortSignal: abort.signal })
      .catch(() => 'aborted');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const tooSlow = new Promise((resolve) => setTimeout(resolve, 1000, 'still open'));
    expect(await Promise.race([second.close().then(() => 'closed'), tooSlow])).toBe('closed');
    abort.abort();
    expect(await upload).toBe('aborted');
  });
});
