// What the Azure Files emulator says about files and directories, through the unchanged SDK: ids and parent
// ids, SMB properties (attributes, times, permission keys) and what ReadOnly does, content headers and
// Content-MD5, listing `include` options, and trailing dots in names.
import { createHash } from 'node:crypto';
import { FileSystemAttributes, ShareServiceClient } from '@azure/storage-file-share';
import { describe, expect, it } from 'vitest';
import { read, rejectsWith, useFilesEmulator, write } from './filesHarness.js';

const files = useFilesEmulator();
const { newShare, newFile } = files;

describe('ids', () => {
  it('gives every file and directory an id and its parent id, on create and on get properties', async () => {
    const share = await newShare();
    const root = await share.rootDirectoryClient.getProperties();
    const directory = share.getDirectoryClient('d');
    const created = await directory.create();
    expect(created.fileId).toMatch(/^\d+$/);
    expect(created.fileParentId).toBe(root.fileId);
    const file = await directory.getFileClient('f').create(1);
    expect(file.fileParentId).toBe(created.fileId);
    const properties = await directory.getFileClient('f').getProperties();
    expect([properties.fileId, properties.fileParentId]).toEqual([file.fileId, created.fileId]);
  });
});

describe('SMB properties', () => {
  it('sets the attributes of a directory, times and permission key, keeping what is not given', async () => {
    const share = await newShare();
    const directory = share.getDirectoryClient('d');
    const created = await directory.create();
    const { filePermissionKey } = await share.createPermission('O:SYG:SYD:(A;;FA;;;BA)');
    const creationTime = new Date('2020-01-02T03:04:05.678Z');
    await directory.setProperties({
      fileAttributes: FileSystemAttributes.parse('Hidden|System'),
      creationTime,
      filePermissionKey,
    });
    const properties = await directory.getProperties();
    expect(properties.fileAttributes).toBe('Hidden | System | Directory');
    expect(properties.fileCreatedOn).toEqual(creationTime);
    expect(properties.fileLastWriteOn).toEqual(created.fileLastWriteOn);
    expect(properties.filePermissionKey).toBe(filePermissionKey);
    await rejectsWith(directory.setProperties({ filePermissionKey: '1*1' }), 400, 'FileInvalidPermissionKey');
    await rejectsWith(
      directory.setProperties({ fileAttributes: 'Sideways' as unknown as FileSystemAttributes }),
      400,
      'InvalidHeaderValue',
    );
  });

  it('refuses writes and deletion of a ReadOnly file (409 ReadOnlyAttribute) until the attribute is cleared', async () => {
    const file = await newFile(4);
    await file.setProperties({ fileAttributes: FileSystemAttributes.parse('ReadOnly') });
    expect((await file.getProperties()).fileAttributes).toBe('ReadOnly');
    await rejectsWith(write(file, 0, 'x'), 409, 'ReadOnlyAttribute');
    await rejectsWith(file.resize(8), 409, 'ReadOnlyAttribute');
    await rejectsWith(file.delete(), 409, 'ReadOnlyAttribute');
    await rejectsWith(file.create(4), 409, 'ReadOnlyAttribute');
    await file.setMetadata({ note: 'metadata is not data' });
    await file.setProperties({ fileAttributes: FileSystemAttributes.parse('Archive') });
    await write(file, 0, 'ok');
    expect((await read(file)).toString('latin1')).toBe('ok\0\0');
  });
});

describe('content headers', () => {
  it('returns no content type unless one was set, and replaces the HTTP headers on set', async () => {
    const file = await newFile(3);
    expect((await file.getProperties()).contentType).toBeUndefined();
    expect((await file.download()).contentType).toBeUndefined();
    await file.setHttpHeaders({ fileContentType: 'text/plain', fileCacheControl: 'no-cache' });
    let properties = await file.getProperties();
    expect([properties.contentType, properties.cacheControl]).toEqual(['text/plain', 'no-cache']);
    await file.setHttpHeaders({ fileContentLanguage: 'en' });
    properties = await file.getProperties();
    expect([properties.contentType, properties.contentLanguage]).toEqual([undefined, 'en']);
    await file.resize(5); // a resize alone leaves the headers as they are
    expect((await file.getProperties()).contentLanguage).toBe('en');
  });

  it('returns Content-MD5 when the client stored one, and the MD5 of a range when asked', async () => {
    const file = await newFile(10);
    await write(file, 0, '0123456789');
    expect((await file.getProperties()).contentMD5).toBeUndefined();
    const md5 = createHash('md5').update('0123456789').digest();
    await file.setHttpHeaders({ fileContentMD5: md5 });
    expect(Buffer.from((await file.getProperties()).contentMD5 ?? [])).toEqual(md5);
    expect(Buffer.from((await file.download()).contentMD5 ?? [])).toEqual(md5);
    const ranged = await file.download(2, 3, { rangeGetContentMD5: true });
    expect(Buffer.from(ranged.contentMD5 ?? [])).toEqual(createHash('md5').update('234').digest());
    expect(Buffer.from(ranged.fileContentMD5 ?? [])).toEqual(md5);
    const wrong = createHash('md5').update('other').digest();
    await rejectsWith(file.uploadRange(Buffer.from('ab'), 0, 2, { contentMD5: wrong }), 400, 'Md5Mismatch');
  });
});

describe('listing with include options', () => {
  it('adds timestamps, ETag, attributes, permission key and the directory id when asked', async () => {
    const share = await newShare();
    const directory = share.getDirectoryClient('d');
    const { fileId: directoryId } = await directory.create();
    const created = await directory.getFileClient('f').create(3);
    const page = await directory
      .listFilesAndDirectories({
        includeTimestamps: true,
        includeEtag: true,
        includeAttributes: true,
        includePermissionKey: true,
        includeExtendedInfo: true,
      })
      .byPage()
      .next();
    const [item] = page.value?.segment.fileItems ?? [];
    expect(page.value?.directoryId).toBe(directoryId);
    expect(item?.fileId).toBe(created.fileId);
    expect(item?.attributes).toBe('Archive');
    expect(item?.permissionKey).toBe(created.filePermissionKey);
    expect(item?.properties.etag).toBe(created.etag);
    expect(item?.properties.contentLength).toBe(3);
    expect(item?.properties.creationTime).toEqual(created.fileCreatedOn);
    expect(item?.properties.lastModified).toEqual(created.lastModified);
    const plain = await directory.listFilesAndDirectories().byPage().next();
    expect(plain.value?.segment.fileItems[0]?.properties.etag).toBeUndefined();
  });
});

describe('trailing dots', () => {
  it('trims trailing dots from names unless the client allows them', async () => {
    const share = await newShare();
    await share.rootDirectoryClient.getFileClient('report.').create(1);
    expect(await share.rootDirectoryClient.getFileClient('report').exists()).toBe(true);
    const dotted = ShareServiceClient.fromConnectionString(files.emulator().connectionString, {
      allowTrailingDot: true,
    });
    const dottedShare = dotted.getShareClient(share.name);
    await dottedShare.rootDirectoryClient.getFileClient('notes.').create(2);
    const names = [];
    for await (const item of share.rootDirectoryClient.listFilesAndDirectories()) names.push(item.name);
    expect(names).toEqual(['notes.', 'report']);
    expect(
      (await dottedShare.rootDirectoryClient.getFileClient('notes.').getProperties()).contentLength,
    ).toBe(2);
    expect(await share.rootDirectoryClient.getFileClient('notes').exists()).toBe(false);
  });
});
