// File leases in the Azure Files emulator, driven through the unchanged @azure/storage-file-share SDK: the
// only write exclusion Azure Files offers, which the File Share event store's concurrency rests on.
import { describe, expect, it } from 'vitest';
import { read, rejectsWith, useFilesEmulator, write } from './filesHarness.js';

const { newFile } = useFilesEmulator();

describe('files: leases', () => {
  const otherLease = '00000000-0000-4000-8000-000000000000';

  it('acquires an infinite lease once; a second acquire is 409 LeaseAlreadyPresent', async () => {
    const file = await newFile(4);
    const { leaseId } = await file.getShareLeaseClient().acquireLease(-1);
    const { leaseState, leaseDuration } = await file.getProperties();
    expect([typeof leaseId, leaseState, leaseDuration]).toEqual(['string', 'leased', 'infinite']);
    await rejectsWith(file.getShareLeaseClient().acquireLease(-1), 409, 'LeaseAlreadyPresent');
    await rejectsWith(file.getShareLeaseClient().acquireLease(30), 400, 'InvalidHeaderValue');
  });

  it('rejects every write on a leased file without the lease id (412 LeaseIdMissing)', async () => {
    const file = await newFile(4);
    await file.getShareLeaseClient().acquireLease(-1);
    await rejectsWith(write(file, 0, 'x'), 412, 'LeaseIdMissing');
    await rejectsWith(file.setMetadata({ a: '1' }), 412, 'LeaseIdMissing');
    await rejectsWith(file.resize(8), 412, 'LeaseIdMissing');
    await rejectsWith(file.create(4), 412, 'LeaseIdMissing');
    await rejectsWith(file.delete(), 412, 'LeaseIdMissing');
    expect(await read(file)).toEqual(Buffer.alloc(4)); // reads need no lease
  });

  it('rejects writes with another lease id (412 LeaseIdMismatchWithFileOperation) and accepts the holder', async () => {
    const file = await newFile(4);
    const { leaseId } = await file.getShareLeaseClient().acquireLease(-1);
    const wrong = { leaseAccessConditions: { leaseId: otherLease } };
    await rejectsWith(write(file, 0, 'x', otherLease), 412, 'LeaseIdMismatchWithFileOperation');
    await rejectsWith(file.setMetadata({}, wrong), 412, 'LeaseIdMismatchWithFileOperation');
    await rejectsWith(file.resize(8, wrong), 412, 'LeaseIdMismatchWithFileOperation');
    const held = { leaseAccessConditions: { leaseId } };
    await write(file, 0, 'ok', leaseId);
    await file.resize(8, held);
    await file.setMetadata({ version: '1' }, held);
    expect((await read(file)).toString('latin1')).toBe('ok\0\0\0\0\0\0');
    await file.delete(held);
    expect(await file.exists()).toBe(false);
  });

  it('changes the lease id: the old one stops working, the new one works', async () => {
    const file = await newFile(4);
    const lease = file.getShareLeaseClient();
    const { leaseId: first } = await lease.acquireLease(-1);
    expect((await lease.changeLease(otherLease)).leaseId).toBe(otherLease);
    await rejectsWith(write(file, 0, 'x', first), 412, 'LeaseIdMismatchWithFileOperation');
    await write(file, 0, 'x', otherLease);
  });

  it('releases a lease: writable without one, the old id is 412 LeaseNotPresentWithFileOperation', async () => {
    const file = await newFile(4);
    const lease = file.getShareLeaseClient();
    const { leaseId } = await lease.acquireLease(-1);
    await lease.releaseLease();
    await write(file, 0, 'free');
    await rejectsWith(write(file, 0, 'x', leaseId), 412, 'LeaseNotPresentWithFileOperation');
    await rejectsWith(lease.releaseLease(), 409, 'LeaseNotPresentWithLeaseOperation');
  });

  it('breaks a lease immediately (state broken) so another writer can take over', async () => {
    const file = await newFile(4);
    await file.getShareLeaseClient().acquireLease(-1);
    await file.getShareLeaseClient().breakLease();
    // Azure reports a broken lease as 'broken' (status unlocked) until the next acquire.
    expect((await file.getProperties()).leaseState).toBe('broken');
    const { leaseId } = await file.getShareLeaseClient().acquireLease(-1);
    await write(file, 0, 'mine', leaseId);
    await rejectsWith(file.getShareLeaseClient().releaseLease(), 409, 'LeaseIdMismatchWithLeaseOperation');
  });
});
