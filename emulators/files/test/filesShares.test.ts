// Share operations of the Azure Files emulator through the unchanged @azure/storage-file-share SDK:
// metadata, quota, statistics, stored access policies, snapshots, the share lease and deletion.
import { type LeaseOperationOptions, ShareServiceClient } from '@azure/storage-file-share';
import { describe, expect, it } from 'vitest';
import { startFilesEmulator } from '../index.js';
import { read, rejectsWith, useFilesEmulator, write } from './filesHarness.js';

// SDK 12.31's ShareLeaseClient.renewLease refuses shares too (its isFile check matches both), so renewals go
// through the SDK's generated share operations, which is what renewLease would call.
type ShareInternals = {
  storageClientContext: { share: { renewLease(leaseId: string): Promise<{ leaseId?: string }> } };
};

// The SDK forwards `breakPeriod` (its generated share operation reads it) though LeaseOperationOptions lacks it.
const breakAfter = (seconds: number) => ({ breakPeriod: seconds }) as LeaseOperationOptions;

const files = useFilesEmulator();
const { newShare } = files;

describe('share properties', () => {
  it('sets and reads metadata (replacing all of it) and the quota', async () => {
    const share = await newShare();
    await share.setMetadata({ owner: 'team-a', purpose: 'streams' });
    await share.setMetadata({ owner: 'team-b' });
    await share.setQuota(42);
    const properties = await share.getProperties();
    expect([properties.metadata, properties.quota, properties.accessTier]).toEqual([
      { owner: 'team-b' },
      42,
      'TransactionOptimized',
    ]);
    await share.setProperties({ accessTier: 'Cool' });
    expect((await share.getProperties()).accessTier).toBe('Cool');
    await rejectsWith(share.setQuota(0), 400, 'InvalidHeaderValue');
  });

  it('reports usage in bytes as the sum of file sizes', async () => {
    const share = await newShare();
    expect((await share.getStatistics()).shareUsageBytes).toBe(0);
    await share.rootDirectoryClient.getFileClient('a').create(1000);
    await share.getDirectoryClient('d').create();
    await share.getDirectoryClient('d').getFileClient('b').create(24);
    expect((await share.getStatistics()).shareUsageBytes).toBe(1024);
  });

  it('stores up to five signed identifiers and returns them', async () => {
    const share = await newShare();
    expect((await share.getAccessPolicy()).signedIdentifiers).toEqual([]);
    const startsOn = new Date('2026-01-01T00:00:00Z');
    const expiresOn = new Date('2036-01-01T00:00:00Z');
    await share.setAccessPolicy([
      { id: 'readers', accessPolicy: { permissions: 'rl', startsOn, expiresOn } },
      { id: 'writers', accessPolicy: { permissions: 'rcwdl', startsOn, expiresOn } },
    ]);
    const { signedIdentifiers } = await share.getAccessPolicy();
    expect(signedIdentifiers).toEqual([
      { id: 'readers', accessPolicy: { permissions: 'rl', startsOn, expiresOn } },
      { id: 'writers', accessPolicy: { permissions: 'rcwdl', startsOn, expiresOn } },
    ]);
    const six = Array.from({ length: 6 }, (_, n) => ({
      id: `p${n}`,
      accessPolicy: { permissions: 'r', startsOn, expiresOn },
    }));
    await rejectsWith(share.setAccessPolicy(six), 400, 'InvalidXmlDocument');
  });

  it('creates and reads back a permission by key', async () => {
    const share = await newShare();
    const sddl = 'O:SYG:SYD:(A;;FA;;;SY)';
    const { filePermissionKey } = await share.createPermission(sddl);
    expect(filePermissionKey).toMatch(/^\d+\*\d+$/);
    expect((await share.getPermission(filePermissionKey as string)).permission).toBe(sddl);
    await rejectsWith(share.getPermission('1*1'), 400, 'FileInvalidPermissionKey');
  });
});

describe('share snapshots', () => {
  it('keeps the share as it was: a file read through the snapshot has the old bytes, and snapshots are read-only', async () => {
    const share = await newShare();
    const file = share.rootDirectoryClient.getFileClient('f');
    await file.create(5);
    await write(file, 0, 'first');
    const { snapshot } = await share.createSnapshot({ metadata: { reason: 'backup' } });
    await write(file, 0, 'later');
    const frozen = share.withSnapshot(snapshot as string);
    const frozenFile = frozen.rootDirectoryClient.getFileClient('f');
    expect((await read(frozenFile)).toString()).toBe('first');
    expect((await read(file)).toString()).toBe('later');
    expect((await frozen.getProperties()).metadata).toEqual({ reason: 'backup' });
    await rejectsWith(write(frozenFile, 0, 'x'), 400, 'ShareSnapshotOperationNotSupported');
    const names = [];
    for await (const item of frozen.rootDirectoryClient.listFilesAndDirectories()) names.push(item.name);
    expect(names).toEqual(['f']);
  });

  it('refuses to delete a share with snapshots unless asked to delete them too', async () => {
    const share = await newShare();
    const { snapshot } = await share.createSnapshot();
    await rejectsWith(share.delete(), 409, 'ShareHasSnapshots');
    await share.withSnapshot(snapshot as string).delete();
    await rejectsWith(share.withSnapshot(snapshot as string).getProperties(), 404, 'ShareNotFound', true);
    await share.createSnapshot();
    await share.delete({ deleteSnapshots: 'include' });
    expect(await share.exists()).toBe(false);
  });
});

describe('share leases', () => {
  const otherLease = '00000000-0000-4000-8000-000000000000';

  it('acquires, renews, changes and releases a lease; a leased share needs the lease id to change or delete', async () => {
    const share = await newShare();
    const lease = share.getShareLeaseClient();
    const { leaseId } = await lease.acquireLease(15);
    let properties = await share.getProperties();
    expect([properties.leaseState, properties.leaseStatus, properties.leaseDuration]).toEqual([
      'leased',
      'locked',
      'fixed',
    ]);
    await rejectsWith(share.getShareLeaseClient().acquireLease(-1), 409, 'LeaseAlreadyPresent');
    const operations = (share as unknown as ShareInternals).storageClientContext.share;
    expect((await operations.renewLease(leaseId as string)).leaseId).toBe(leaseId);
    await rejectsWith(share.delete(), 412, 'LeaseIdMissing');
    await rejectsWith(share.setMetadata({ a: '1' }), 412, 'LeaseIdMissing');
    await share.setMetadata({ a: '1' }, { leaseAccessConditions: { leaseId } });
    expect((await lease.changeLease(otherLease)).leaseId).toBe(otherLease);
    await lease.releaseLease();
    properties = await share.getProperties();
    expect([properties.leaseState, properties.leaseStatus]).toEqual(['available', 'unlocked']);
    await rejectsWith(share.getShareLeaseClient().acquireLease(5), 400, 'InvalidHeaderValue');
  });

  it('breaks a lease: at once with period 0 (then broken), or after a break period (breaking until then)', async () => {
    const share = await newShare();
    await share.getShareLeaseClient().acquireLease(-1);
    const breaking = await share.getShareLeaseClient().breakLease(breakAfter(30));
    expect(breaking.leaseTimeInSeconds).toBe(30);
    expect((await share.getProperties()).leaseState).toBe('breaking');
    await rejectsWith(
      share.getShareLeaseClient().acquireLease(-1),
      409,
      'LeaseIsBreakingAndCannotBeAcquired',
    );
    await share.getShareLeaseClient().breakLease(breakAfter(0));
    const properties = await share.getProperties();
    expect([properties.leaseState, properties.leaseStatus]).toEqual(['broken', 'unlocked']);
    await share.delete();
    expect(await share.exists()).toBe(false);
  });
});

describe('share leases over time (the emulator on a clock the test moves)', () => {
  it('lets a finite lease expire, a breaking lease become broken, and an expired lease be renewed', async () => {
    let now = Date.parse('2026-06-01T00:00:00Z');
    const emulator = await startFilesEmulator({ port: 0, now: () => now });
    try {
      const service = ShareServiceClient.fromConnectionString(emulator.connectionString);
      const { shareClient: share } = await service.createShare('clocked');
      const { leaseId } = await share.getShareLeaseClient().acquireLease(15);
      now += 16_000;
      const expired = await share.getProperties();
      expect([expired.leaseState, expired.leaseStatus]).toEqual(['expired', 'unlocked']);
      await share.setMetadata({ free: 'again' }); // an expired lease no longer guards the share
      const operations = (share as unknown as ShareInternals).storageClientContext.share;
      expect((await operations.renewLease(leaseId as string)).leaseId).toBe(leaseId);
      expect((await share.getProperties()).leaseState).toBe('leased');
      await share.getShareLeaseClient().breakLease(breakAfter(10));
      now += 9_000;
      expect((await share.getProperties()).leaseState).toBe('breaking');
      now += 1_000;
      expect((await share.getProperties()).leaseState).toBe('broken');
      await share.getShareLeaseClient().acquireLease(-1);
    } finally {
      await emulator.close();
    }
  });
});
