// Range lists, copies, handles and directory renames in the Azure Files emulator, through the unchanged SDK.
import { FileSystemAttributes } from '@azure/storage-file-share';
import { describe, expect, it } from 'vitest';
import { read, rejectsWith, useFilesEmulator, write } from './filesHarness.js';

const files = useFilesEmulator();
const { newShare, newFile } = files;

describe('Get Range List', () => {
  it('lists the written ranges of a sparse file, merges adjacent ones, drops cleared ones, and clips to a range', async () => {
    const file = await newFile(2 ** 30);
    await write(file, 0, 'abc');
    await write(file, 3, 'def');
    await write(file, 1_000_000, 'xyz');
    await write(file, 2 ** 30 - 2, 'zz');
    const { rangeList, fileContentLength } = await file.getRangeList();
    expect(fileContentLength).toBe(2 ** 30);
    expect(rangeList).toEqual([
      { start: 0, end: 5 },
      { start: 1_000_000, end: 1_000_002 },
      { start: 2 ** 30 - 2, end: 2 ** 30 - 1 },
    ]);
    await file.clearRange(1_000_000, 3);
    await file.clearRange(2, 2);
    expect((await file.getRangeList()).rangeList).toEqual([
      { start: 0, end: 1 },
      { start: 4, end: 5 },
      { start: 2 ** 30 - 2, end: 2 ** 30 - 1 },
    ]);
    expect((await file.getRangeList({ range: { offset: 1, count: 4 } })).rangeList).toEqual([
      { start: 1, end: 1 },
      { start: 4, end: 4 },
    ]);
    await file.resize(5);
    expect((await file.getRangeList()).rangeList).toEqual([
      { start: 0, end: 1 },
      { start: 4, end: 4 },
    ]);
  });
});

describe('Copy File', () => {
  it('copies a file of the same account synchronously: content, metadata, headers; the copy status is success', async () => {
    const share = await newShare();
    const source = share.rootDirectoryClient.getFileClient('source');
    await source.create(6, {
      metadata: { kind: 'source' },
      fileHttpHeaders: { fileContentType: 'text/plain' },
    });
    await write(source, 0, 'copied');
    const target = share.rootDirectoryClient.getFileClient('target');
    const started = await target.startCopyFromURL(source.url);
    expect(started.copyStatus).toBe('success');
    expect(started.copyId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await read(target)).toString()).toBe('copied');
    const properties = await target.getProperties();
    expect([properties.metadata, properties.contentType, properties.copyStatus, properties.copyId]).toEqual([
      { kind: 'source' },
      'text/plain',
      'success',
      started.copyId,
    ]);
    expect(properties.copyProgress).toBe('6/6');
    await write(source, 0, 'change');
    expect((await read(target)).toString()).toBe('copied'); // the copy is independent of its source
    await rejectsWith(target.abortCopyFromURL(started.copyId as string), 409, 'NoPendingCopyOperation');
  });

  it('copies from another share and from a share snapshot, with metadata of its own', async () => {
    const from = await newShare();
    const source = from.rootDirectoryClient.getFileClient('s');
    await source.create(3);
    await write(source, 0, 'old');
    const { snapshot } = await from.createSnapshot();
    await write(source, 0, 'new');
    const to = await newShare();
    const target = to.rootDirectoryClient.getFileClient('t');
    const snapshotSource = from.withSnapshot(snapshot as string).rootDirectoryClient.getFileClient('s');
    await target.startCopyFromURL(snapshotSource.url, { metadata: { restored: 'yes' } });
    expect((await read(target)).toString()).toBe('old');
    expect((await target.getProperties()).metadata).toEqual({ restored: 'yes' });
    // SMB properties from the source: its attributes, and its permission under a key of this share.
    const sddl = 'O:BAG:SYD:(A;;FA;;;BA)';
    const { filePermissionKey } = await from.createPermission(sddl);
    await source.setProperties({
      fileAttributes: FileSystemAttributes.parse('Hidden|Archive'),
      filePermissionKey,
    });
    const smbCopy = to.rootDirectoryClient.getFileClient('smb');
    const copyFileSmbInfo = { filePermissionCopyMode: 'source', fileAttributes: 'source' } as const;
    await smbCopy.startCopyFromURL(source.url, { copyFileSmbInfo });
    const copied = await smbCopy.getProperties();
    expect(copied.fileAttributes).toBe('Hidden | Archive');
    expect((await to.getPermission(copied.filePermissionKey as string)).permission).toBe(sddl);
  });

  it('reports a missing source (404 CannotVerifyCopySource) and respects the destination lease', async () => {
    const share = await newShare();
    const target = share.rootDirectoryClient.getFileClient('t');
    const missing = share.rootDirectoryClient.getFileClient('missing');
    await rejectsWith(target.startCopyFromURL(missing.url), 404, 'CannotVerifyCopySource');
    await target.create(1);
    await target.getShareLeaseClient().acquireLease(-1);
    const source = share.rootDirectoryClient.getFileClient('s');
    await source.create(1);
    await rejectsWith(target.startCopyFromURL(source.url), 412, 'LeaseIdMissing');
  });
});

describe('handles', () => {
  it('lists no handles and closes none, on files and directories (nothing mounts the emulator over SMB)', async () => {
    const file = await newFile(1);
    const handles = [];
    for await (const handle of file.listHandles()) handles.push(handle);
    expect(handles).toEqual([]);
    expect(await file.forceCloseAllHandles()).toEqual({ closedHandlesCount: 0, closeFailureCount: 0 });
    const share = await newShare();
    const directory = share.getDirectoryClient('d');
    await directory.create();
    for await (const handle of directory.listHandles({ recursive: true })) handles.push(handle);
    expect(handles).toEqual([]);
    expect((await directory.forceCloseHandle('1234')).closedHandlesCount).toBe(0);
    expect(await directory.forceCloseAllHandles()).toEqual({ closedHandlesCount: 0, closeFailureCount: 0 });
    await rejectsWith(share.getDirectoryClient('missing').forceCloseAllHandles(), 404, 'ResourceNotFound');
  });
});

describe('Rename Directory', () => {
  it('moves a directory with everything in it; refuses an existing destination and a move into itself', async () => {
    const share = await newShare();
    const directory = share.getDirectoryClient('old');
    await directory.create();
    await directory.getDirectoryClient('inner').create();
    const file = directory.getDirectoryClient('inner').getFileClient('f');
    await file.create(2);
    await write(file, 0, 'hi');
    const { fileId } = await directory.getProperties();
    await directory.rename('new');
    expect(await directory.exists()).toBe(false);
    const moved = share.getDirectoryClient('new');
    expect((await moved.getProperties()).fileId).toBe(fileId);
    expect((await read(moved.getDirectoryClient('inner').getFileClient('f'))).toString()).toBe('hi');
    await share.getDirectoryClient('other').create();
    await rejectsWith(share.getDirectoryClient('other').rename('new'), 409, 'ResourceAlreadyExists');
    await rejectsWith(moved.rename('new/inner/deeper'), 400, 'InvalidHeaderValue');
  });
});
