// Probes of authentication (SharedKey, account SAS, service SAS), of names with trailing dots, and of the
// operations the emulator does not offer: those must fail fast with a 4xx and a service error code, never a
// 500 the SDK would retry for seconds.
import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  FileSASPermissions,
  ShareClient,
  ShareFileClient,
  ShareSASPermissions,
  ShareServiceClient,
} from '@azure/storage-file-share';
import { expect } from 'vitest';
import { read, rejectsWith, write } from '../filesHarness.js';
import type { ProbeTable } from './probeContext.js';

const inAnHour = () => new Date(Date.now() + 3_600_000);

export const authProbes: ProbeTable = {
  'SharedKey authentication': async ({ connectionString }) => {
    const wrong = connectionString.replace(
      /AccountKey=[^;]+/,
      `AccountKey=${Buffer.alloc(64, 1).toString('base64')}`,
    );
    await rejectsWith(
      ShareServiceClient.fromConnectionString(wrong).getProperties(),
      403,
      'AuthenticationFailed',
    );
  },
  'Account SAS': async ({ service, newFile }) => {
    const file = await newFile(2);
    const url = service.generateAccountSasUrl(
      inAnHour(),
      AccountSASPermissions.parse('rl'),
      AccountSASResourceTypes.parse('sco').toString(),
    );
    const viaSas = new ShareServiceClient(url)
      .getShareClient(file.shareName)
      .rootDirectoryClient.getFileClient(file.name);
    expect((await read(viaSas)).length).toBe(2);
    await rejectsWith(write(viaSas, 0, 'x'), 403, 'AuthorizationPermissionMismatch');
  },
  'Service SAS (share)': async ({ newShare }) => {
    const share = await newShare();
    const viaSas = new ShareClient(
      share.generateSasUrl({ permissions: ShareSASPermissions.parse('rcw'), expiresOn: inAnHour() }),
    );
    await viaSas.rootDirectoryClient.getFileClient('f').create(1);
    await rejectsWith(
      viaSas.rootDirectoryClient.getFileClient('f').delete(),
      403,
      'AuthorizationPermissionMismatch',
    );
  },
  'Service SAS (file)': async ({ newFile }) => {
    const file = await newFile(3);
    const url = await file.generateSasUrl({
      permissions: FileSASPermissions.parse('r'),
      expiresOn: inAnHour(),
    });
    expect((await new ShareFileClient(url).getProperties()).contentLength).toBe(3);
    const expired = await file.generateSasUrl({
      permissions: FileSASPermissions.parse('r'),
      expiresOn: new Date(Date.now() - 1000),
    });
    await rejectsWith(new ShareFileClient(expired).download(), 403, 'AuthenticationFailed');
  },
  'Names with trailing dots (allowTrailingDot)': async ({ connectionString, newShare }) => {
    const share = await newShare();
    await share.rootDirectoryClient.getFileClient('trimmed.').create(1);
    expect(await share.rootDirectoryClient.getFileClient('trimmed').exists()).toBe(true);
    const dotted = ShareServiceClient.fromConnectionString(connectionString, { allowTrailingDot: true });
    const kept = dotted.getShareClient(share.name).rootDirectoryClient.getFileClient('kept.');
    await kept.create(1);
    expect(await share.rootDirectoryClient.getFileClient('kept').exists()).toBe(false);
    expect(await kept.exists()).toBe(true);
  },
};

export const unsupportedProbes: ProbeTable = {
  'Put Range From URL': async ({ newFile }) => {
    const source = await newFile(4);
    const target = await newFile(4);
    await rejectsWith(target.uploadRangeFromURL(source.url, 0, 0, 4), 400, 'InvalidQueryParameterValue');
  },
  'Get Range List diff (prevsharesnapshot)': async ({ newFile }) => {
    const file = await newFile(4);
    await rejectsWith(
      file.getRangeListDiff('2026-01-01T00:00:00.0000000Z'),
      400,
      'InvalidQueryParameterValue',
    );
  },
  'Undelete Share (soft delete)': async ({ service }) => {
    await rejectsWith(service.undeleteShare('gone', '01D60F8BB59A4652'), 400, 'InvalidQueryParameterValue');
  },
  'Get User Delegation Key': async ({ service }) => {
    await rejectsWith(
      service.getUserDelegationKey(new Date(), inAnHour()),
      400,
      'InvalidQueryParameterValue',
    );
  },
  'Symbolic and hard links (NFS)': async ({ newShare, newFile }) => {
    const target = await newFile(1);
    const links = (await newShare()).rootDirectoryClient;
    await rejectsWith(
      links.getFileClient('symbolic').createSymbolicLink('target'),
      400,
      'InvalidQueryParameterValue',
    );
    await rejectsWith(
      links.getFileClient('hard').createHardLink(target.path),
      400,
      'InvalidQueryParameterValue',
    );
  },
};
