// Probes of the directory and file operations: each calls the SDK as a tool would and asserts the answer.
import { createHash } from 'node:crypto';
import { type DirectoryItem, type FileItem, FileSystemAttributes } from '@azure/storage-file-share';
import { expect } from 'vitest';
import { read, rejectsWith, write } from '../filesHarness.js';
import type { ProbeTable } from './probeContext.js';

export const fileAndDirectoryProbes: ProbeTable = {
  'Create Directory': async ({ newShare }) => {
    const share = await newShare();
    const created = await share.getDirectoryClient('d').create({ metadata: { m: '1' } });
    expect([created.fileId, created.fileParentId]).toEqual([
      expect.stringMatching(/^\d+$/),
      expect.stringMatching(/^\d+$/),
    ]);
    await rejectsWith(share.getDirectoryClient('x/y').create(), 404, 'ParentNotFound');
  },
  'Get Directory Properties': async ({ newShare }) => {
    const directory = (await newShare()).getDirectoryClient('d');
    await directory.create({ metadata: { m: '1' } });
    const properties = await directory.getProperties();
    expect([properties.metadata, properties.fileAttributes]).toEqual([{ m: '1' }, 'Directory']);
  },
  'Set Directory Properties': async ({ newShare }) => {
    const directory = (await newShare()).getDirectoryClient('d');
    await directory.create();
    const lastWriteTime = new Date('2021-06-01T00:00:00Z');
    await directory.setProperties({ fileAttributes: FileSystemAttributes.parse('Hidden'), lastWriteTime });
    const properties = await directory.getProperties();
    expect([properties.fileAttributes, properties.fileLastWriteOn]).toEqual([
      'Hidden | Directory',
      lastWriteTime,
    ]);
  },
  'Set Directory Metadata': async ({ newShare }) => {
    const directory = (await newShare()).getDirectoryClient('d');
    await directory.create();
    await directory.setMetadata({ k: 'v' });
    expect((await directory.getProperties()).metadata).toEqual({ k: 'v' });
  },
  'List Directories and Files (include options)': async ({ newShare }) => {
    const share = await newShare();
    const { etag } = await share.rootDirectoryClient.getFileClient('f').create(2);
    await share.getDirectoryClient('d').create();
    const page = await share.rootDirectoryClient
      .listFilesAndDirectories({ includeEtag: true, includeAttributes: true, includeExtendedInfo: true })
      .byPage()
      .next();
    const segment = page.value?.segment;
    expect(segment?.directoryItems.map((item: DirectoryItem) => [item.name, item.attributes])).toEqual([
      ['d', 'Directory'],
    ]);
    expect(segment?.fileItems.map((item: FileItem) => [item.name, item.properties.etag])).toEqual([
      ['f', etag],
    ]);
  },
  'Rename Directory': async ({ newShare }) => {
    const share = await newShare();
    await share.getDirectoryClient('a').create();
    await share.getDirectoryClient('a').getFileClient('f').create(1);
    await share.getDirectoryClient('a').rename('b');
    expect(await share.getDirectoryClient('b').getFileClient('f').exists()).toBe(true);
  },
  'Delete Directory': async ({ newShare }) => {
    const directory = (await newShare()).getDirectoryClient('d');
    await directory.create();
    await directory.delete();
    expect(await directory.exists()).toBe(false);
  },
  'List Handles (directory)': async ({ newShare }) => {
    const directory = (await newShare()).getDirectoryClient('d');
    await directory.create();
    const handles = [];
    for await (const handle of directory.listHandles()) handles.push(handle);
    expect(handles).toEqual([]);
  },
  'Force Close Handles (directory)': async ({ newShare }) => {
    const directory = (await newShare()).getDirectoryClient('d');
    await directory.create();
    expect(await directory.forceCloseAllHandles()).toEqual({ closedHandlesCount: 0, closeFailureCount: 0 });
  },
  'Create File': async ({ newShare }) => {
    const file = (await newShare()).rootDirectoryClient.getFileClient('f');
    const created = await file.create(5, { metadata: { m: '1' } });
    expect((await file.getProperties()).fileId).toBe(created.fileId);
  },
  'Put Range (update and clear)': async ({ newFile }) => {
    const file = await newFile(4);
    await write(file, 0, 'abcd');
    await file.clearRange(1, 2);
    expect((await read(file)).toString('latin1')).toBe('a\0\0d');
    await rejectsWith(write(file, 3, 'xy'), 416, 'InvalidRange');
  },
  'Get File (whole, ranged, range MD5)': async ({ newFile }) => {
    const file = await newFile(6);
    await write(file, 0, 'abcdef');
    const ranged = await file.download(1, 2, { rangeGetContentMD5: true });
    expect([ranged.contentRange, Buffer.from(ranged.contentMD5 ?? []).toString('base64')]).toEqual([
      'bytes 1-2/6',
      createHash('md5').update('bc').digest('base64'),
    ]);
  },
  'Get File Properties': async ({ newFile }) => {
    const properties = await (await newFile(9)).getProperties();
    expect([properties.contentLength, properties.contentType, properties.fileAttributes]).toEqual([
      9,
      undefined,
      'Archive',
    ]);
  },
  'Set File Properties (HTTP headers, attributes, size)': async ({ newFile }) => {
    const file = await newFile(2);
    await file.setHttpHeaders({ fileContentType: 'application/json' });
    await file.setProperties({ fileAttributes: FileSystemAttributes.parse('ReadOnly') });
    await rejectsWith(write(file, 0, 'x'), 409, 'ReadOnlyAttribute');
    await file.setProperties({ fileAttributes: FileSystemAttributes.parse('None') });
    await file.resize(8);
    const properties = await file.getProperties();
    expect([properties.contentType, properties.contentLength, properties.fileAttributes]).toEqual([
      'application/json',
      8,
      'None',
    ]);
  },
  'Set File Metadata': async ({ newFile }) => {
    const file = await newFile(1);
    await file.setMetadata({ StreamVersion: '3' });
    expect((await file.getProperties()).metadata).toEqual({ streamversion: '3' });
  },
  'Get Range List': async ({ newFile }) => {
    const file = await newFile(1 << 20);
    await write(file, 1000, 'xyz');
    expect((await file.getRangeList()).rangeList).toEqual([{ start: 1000, end: 1002 }]);
  },
  'Copy File': async ({ newShare }) => {
    const share = await newShare();
    const source = share.rootDirectoryClient.getFileClient('s');
    await source.create(4);
    await write(source, 0, 'copy');
    const target = share.rootDirectoryClient.getFileClient('t');
    expect((await target.startCopyFromURL(source.url)).copyStatus).toBe('success');
    expect((await read(target)).toString()).toBe('copy');
  },
  'Abort Copy File': async ({ newShare }) => {
    const share = await newShare();
    const source = share.rootDirectoryClient.getFileClient('s');
    await source.create(1);
    const target = share.rootDirectoryClient.getFileClient('t');
    const { copyId } = await target.startCopyFromURL(source.url);
    await rejectsWith(target.abortCopyFromURL(copyId as string), 409, 'NoPendingCopyOperation');
  },
  'Lease File (acquire, change, release, break)': async ({ newFile }) => {
    const file = await newFile(1);
    await file.getShareLeaseClient().acquireLease(-1);
    await rejectsWith(write(file, 0, 'x'), 412, 'LeaseIdMissing');
    await file.getShareLeaseClient().breakLease();
    const properties = await file.getProperties();
    expect([properties.leaseState, properties.leaseStatus]).toEqual(['broken', 'unlocked']);
  },
  'Rename File': async ({ newShare }) => {
    const share = await newShare();
    const source = share.rootDirectoryClient.getFileClient('draft');
    await source.create(1);
    await share.rootDirectoryClient.getFileClient('taken').create(1);
    await rejectsWith(source.rename('taken', { replaceIfExists: false }), 409, 'ResourceAlreadyExists');
    await source.rename('final');
    expect(await share.rootDirectoryClient.getFileClient('final').exists()).toBe(true);
  },
  'Delete File': async ({ newFile }) => {
    const file = await newFile(1);
    await file.delete();
    expect(await file.exists()).toBe(false);
  },
  'List Handles (file)': async ({ newFile }) => {
    const handles = [];
    for await (const handle of (await newFile(1)).listHandles()) handles.push(handle);
    expect(handles).toEqual([]);
  },
  'Force Close Handles (file)': async ({ newFile }) => {
    expect((await (await newFile(1)).forceCloseHandle('42')).closedHandlesCount).toBe(0);
  },
};
