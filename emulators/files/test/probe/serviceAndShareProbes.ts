// Probes of the service and share operations: each calls the SDK as a tool would and asserts the answer.
import type { LeaseOperationOptions } from '@azure/storage-file-share';
import { expect } from 'vitest';
import { read, rejectsWith, write } from '../filesHarness.js';
import type { ProbeTable } from './probeContext.js';

const later = new Date('2036-01-01T00:00:00Z');
const earlier = new Date('2026-01-01T00:00:00Z');

export const serviceAndShareProbes: ProbeTable = {
  'List Shares': async ({ service, newShare }) => {
    const share = await newShare();
    await share.setMetadata({ probe: 'yes' });
    const found = [];
    for await (const item of service
      .listShares({ prefix: share.name, includeMetadata: true })
      .byPage({ maxPageSize: 1 }))
      found.push(...(item.shareItems ?? []).map((entry) => [entry.name, entry.metadata]));
    expect(found).toEqual([[share.name, { probe: 'yes' }]]);
  },
  'Get File Service Properties': async ({ service }) => {
    expect((await service.getProperties()).minuteMetrics?.version).toBe('1.0');
  },
  'Set File Service Properties': async ({ service }) => {
    const rule = {
      allowedOrigins: '*',
      allowedMethods: 'GET',
      allowedHeaders: '*',
      exposedHeaders: '*',
      maxAgeInSeconds: 5,
    };
    await service.setProperties({ cors: [rule] });
    expect((await service.getProperties()).cors).toEqual([rule]);
    await service.setProperties({ cors: [] });
  },
  'Create Share': async ({ service }) => {
    const share = service.getShareClient(`probe-create-${Date.now().toString(36)}`);
    await share.create({ quota: 3 });
    await rejectsWith(share.create(), 409, 'ShareAlreadyExists');
  },
  'Get Share Properties': async ({ newShare }) => {
    const properties = await (await newShare()).getProperties();
    expect([properties.quota, properties.leaseState, properties.accessTier]).toEqual([
      102_400,
      'available',
      'TransactionOptimized',
    ]);
  },
  'Set Share Properties (quota, access tier)': async ({ newShare }) => {
    const share = await newShare();
    await share.setProperties({ quotaInGB: 5, accessTier: 'Hot' });
    const properties = await share.getProperties();
    expect([properties.quota, properties.accessTier]).toEqual([5, 'Hot']);
  },
  'Set Share Metadata': async ({ newShare }) => {
    const share = await newShare();
    await share.setMetadata({ a: '1' });
    expect((await share.getProperties()).metadata).toEqual({ a: '1' });
  },
  'Get Share Stats': async ({ newShare }) => {
    const share = await newShare();
    await share.rootDirectoryClient.getFileClient('f').create(77);
    expect((await share.getStatistics()).shareUsageBytes).toBe(77);
  },
  'Set Share ACL': async ({ newShare }) => {
    const share = await newShare();
    await share.setAccessPolicy([
      { id: 'policy', accessPolicy: { permissions: 'rl', startsOn: earlier, expiresOn: later } },
    ]);
    expect((await share.getAccessPolicy()).signedIdentifiers).toHaveLength(1);
  },
  'Get Share ACL': async ({ newShare }) => {
    const share = await newShare();
    await share.setAccessPolicy([
      { id: 'p', accessPolicy: { permissions: 'r', startsOn: earlier, expiresOn: later } },
    ]);
    const [identifier] = (await share.getAccessPolicy()).signedIdentifiers;
    expect([
      identifier?.id,
      identifier?.accessPolicy?.permissions,
      identifier?.accessPolicy?.expiresOn,
    ]).toEqual(['p', 'r', later]);
  },
  'Snapshot Share': async ({ newShare }) => {
    const share = await newShare();
    const { snapshot } = await share.createSnapshot();
    expect(snapshot).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
  },
  'Read a file of a share snapshot (sharesnapshot=)': async ({ newShare }) => {
    const share = await newShare();
    const file = share.rootDirectoryClient.getFileClient('f');
    await file.create(3);
    await write(file, 0, 'one');
    const { snapshot } = await share.createSnapshot();
    await write(file, 0, 'two');
    const old = share.withSnapshot(snapshot as string).rootDirectoryClient.getFileClient('f');
    expect((await read(old)).toString()).toBe('one');
  },
  'Delete Share (with its snapshots)': async ({ newShare }) => {
    const share = await newShare();
    await share.createSnapshot();
    await rejectsWith(share.delete(), 409, 'ShareHasSnapshots');
    await share.delete({ deleteSnapshots: 'include' });
    expect(await share.exists()).toBe(false);
  },
  'Lease Share (acquire, renew, change, release, break)': async ({ newShare }) => {
    const share = await newShare();
    const lease = share.getShareLeaseClient();
    const { leaseId } = await lease.acquireLease(20);
    // SDK 12.31's renewLease refuses shares (its file check matches both): renew through its share operations.
    const operations = (
      share as unknown as {
        storageClientContext: { share: { renewLease(id: string): Promise<{ leaseId?: string }> } };
      }
    ).storageClientContext.share;
    expect((await operations.renewLease(leaseId as string)).leaseId).toBe(leaseId);
    await lease.changeLease('11111111-1111-4111-8111-111111111111');
    await lease.releaseLease();
    await share.getShareLeaseClient().acquireLease(-1);
    await share.getShareLeaseClient().breakLease({ breakPeriod: 0 } as LeaseOperationOptions);
    expect((await share.getProperties()).leaseState).toBe('broken');
  },
  'Create Permission': async ({ newShare }) => {
    expect((await (await newShare()).createPermission('O:BAG:SYD:(A;;FA;;;SY)')).filePermissionKey).toMatch(
      /\*/,
    );
  },
  'Get Permission': async ({ newShare }) => {
    const share = await newShare();
    const { filePermissionKey } = await share.createPermission('O:BAG:SYD:(A;;FA;;;BA)');
    expect((await share.getPermission(filePermissionKey as string)).permission).toBe(
      'O:BAG:SYD:(A;;FA;;;BA)',
    );
  },
};
