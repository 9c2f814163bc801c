// Shared access signatures in the Azure Files emulator: tokens made by the unchanged SDK (account SAS, and
// share or file service SAS with a shared key credential), checked as Azure checks them.
import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  FileSASPermissions,
  ShareClient,
  ShareFileClient,
  ShareSASPermissions,
  ShareServiceClient,
} from '@azure/storage-file-share';
import { describe, expect, it } from 'vitest';
import { read, rejectsWith, useFilesEmulator, write } from './filesHarness.js';

const files = useFilesEmulator();
const { newShare, newFile } = files;
const inAnHour = () => new Date(Date.now() + 3_600_000);

const accountSas = (permissions: string, resourceTypes: string, expiresOn = inAnHour()) =>
  new ShareServiceClient(
    files
      .service()
      .generateAccountSasUrl(
        expiresOn,
        AccountSASPermissions.parse(permissions),
        AccountSASResourceTypes.parse(resourceTypes).toString(),
      ),
  );

describe('account SAS', () => {
  it('allows what its permissions and resource types cover: list shares, create a share, write and read a file', async () => {
    const service = accountSas('rwdlc', 'sco');
    const share = service.getShareClient(`sas-${Date.now().toString(36)}`);
    await share.create();
    const names = [];
    for await (const item of service.listShares({ prefix: share.name })) names.push(item.name);
    expect(names).toEqual([share.name]);
    const file = share.rootDirectoryClient.getFileClient('f');
    await file.create(2);
    await write(file, 0, 'ok');
    expect((await read(file)).toString()).toBe('ok');
    await file.delete();
  });

  it('refuses what it does not cover with 403 and the reason', async () => {
    const owner = await newFile(2);
    const readOnly = accountSas('rl', 'sco');
    const viaReadOnly = readOnly
      .getShareClient(owner.shareName)
      .rootDirectoryClient.getFileClient(owner.name);
    expect((await read(viaReadOnly)).length).toBe(2);
    await rejectsWith(write(viaReadOnly, 0, 'x'), 403, 'AuthorizationPermissionMismatch');
    const serviceOnly = accountSas('rwdlc', 's');
    const viaServiceOnly = serviceOnly
      .getShareClient(owner.shareName)
      .rootDirectoryClient.getFileClient(owner.name);
    await rejectsWith(read(viaServiceOnly), 403, 'AuthorizationResourceTypeMismatch');
    const blobOnly = new ShareServiceClient(
      files
        .service()
        .generateAccountSasUrl(inAnHour(), AccountSASPermissions.parse('rl'), 'sco')
        .replace(/ss=f/, 'ss=b'),
    );
    await rejectsWith(blobOnly.getProperties(), 403, 'AuthenticationFailed'); // the signature covers ss
    const expired = accountSas('rl', 'sco', new Date(Date.now() - 60_000));
    await rejectsWith(expired.getProperties(), 403, 'AuthenticationFailed');
    expect(AccountSASServices.parse('f').toString()).toBe('f');
  });
});

describe('service SAS', () => {
  it('lets a share SAS work inside its share only, within its permissions', async () => {
    const share = await newShare();
    const url = share.generateSasUrl({
      permissions: ShareSASPermissions.parse('rcwl'),
      expiresOn: inAnHour(),
    });
    const viaSas = new ShareClient(url);
    const file = viaSas.rootDirectoryClient.getFileClient('f');
    await file.create(1);
    await write(file, 0, 'x');
    const names = [];
    for await (const item of viaSas.rootDirectoryClient.listFilesAndDirectories()) names.push(item.name);
    expect(names).toEqual(['f']);
    await rejectsWith(file.delete(), 403, 'AuthorizationPermissionMismatch');
    const other = await newShare();
    const elsewhere = new ShareClient(url.replace(share.name, other.name));
    await rejectsWith(
      elsewhere.rootDirectoryClient.getFileClient('f').create(1),
      403,
      'AuthenticationFailed',
    );
  });

  it('lets a file SAS read its file and no other', async () => {
    const file = await newFile(3);
    await write(file, 0, 'abc');
    const url = await file.generateSasUrl({
      permissions: FileSASPermissions.parse('r'),
      expiresOn: inAnHour(),
    });
    expect((await read(new ShareFileClient(url))).toString()).toBe('abc');
    await rejectsWith(write(new ShareFileClient(url), 0, 'x'), 403, 'AuthorizationPermissionMismatch');
    const sibling = new ShareFileClient(url.replace('/stream.log?', '/other.log?'));
    await rejectsWith(read(sibling), 403, 'AuthenticationFailed');
  });

  it('takes permissions and expiry from a stored access policy, and stops when the policy goes', async () => {
    const file = await newFile(1);
    const share = files.service().getShareClient(file.shareName);
    const startsOn = new Date(Date.now() - 60_000);
    await share.setAccessPolicy([
      { id: 'readers', accessPolicy: { permissions: 'r', startsOn, expiresOn: inAnHour() } },
    ]);
    const url = await file.generateSasUrl({ identifier: 'readers' });
    expect((await read(new ShareFileClient(url))).length).toBe(1);
    await rejectsWith(write(new ShareFileClient(url), 0, 'x'), 403, 'AuthorizationPermissionMismatch');
    await share.setAccessPolicy([]);
    await rejectsWith(read(new ShareFileClient(url)), 403, 'AuthenticationFailed');
  });

  it('authorizes a copy source by the SAS its URL carries', async () => {
    const source = await newFile(4);
    await write(source, 0, 'data');
    const target = files.service().getShareClient(source.shareName).rootDirectoryClient.getFileClient('copy');
    const readable = await source.generateSasUrl({
      permissions: FileSASPermissions.parse('r'),
      expiresOn: inAnHour(),
    });
    await target.startCopyFromURL(readable);
    expect((await read(target)).toString()).toBe('data');
    const writeOnly = await source.generateSasUrl({
      permissions: FileSASPermissions.parse('w'),
      expiresOn: inAnHour(),
    });
    await rejectsWith(target.startCopyFromURL(writeOnly), 403, 'AuthorizationPermissionMismatch');
  });
});
