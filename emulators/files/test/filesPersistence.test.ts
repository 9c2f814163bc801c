// The Files emulator with a persist folder, in process: everything acknowledged comes back after a restart
// (shares, snapshots, directories, sparse content, metadata, properties, leases, ACLs, service properties),
// the journal stays bounded by compaction, and a record torn at the end of the journal is cut off.
import { appendFileSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShareServiceClient } from '@azure/storage-file-share';
import { describe, expect, it } from 'vitest';
import { type FilesEmulatorOptions, startFilesEmulator } from '../index.js';
import { read, write } from './filesHarness.js';

const persisted = async (folder: string, options: FilesEmulatorOptions = {}) => {
  const emulator = await startFilesEmulator({ port: 0, persistFolder: folder, ...options });
  return { emulator, service: ShareServiceClient.fromConnectionString(emulator.connectionString) };
};

describe('persistence', () => {
  it('brings back everything acknowledged after a restart', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'files-persist-'));
    const first = await persisted(folder);
    const { shareClient: share } = await first.service.createShare('kept', {
      quota: 9,
      metadata: { a: '1' },
    });
    await share.getDirectoryClient('streams').create({ metadata: { level: 'top' } });
    const file = share.getDirectoryClient('streams').getFileClient('s.log');
    await file.create(2 ** 40, { fileHttpHeaders: { fileContentType: 'text/plain' } });
    await write(file, 5, 'hello');
    await write(file, 2 ** 40 - 3, 'end');
    await file.setMetadata({ version: '2' });
    const { snapshot } = await share.createSnapshot();
    await write(file, 5, 'HELLO');
    const { leaseId } = await file.getShareLeaseClient().acquireLease(-1);
    const gone = share.rootDirectoryClient.getFileClient('gone');
    await gone.create(1);
    await gone.delete();
    const renamed = share.rootDirectoryClient.getFileClient('draft');
    await renamed.create(1);
    await renamed.rename('final');
    await share.setAccessPolicy([
      { id: 'p', accessPolicy: { permissions: 'r', startsOn: new Date(0), expiresOn: new Date(2 ** 41) } },
    ]);
    await first.service.setProperties({
      cors: [],
      hourMetrics: { version: '1.0', enabled: true, includeAPIs: false, retentionPolicy: { enabled: false } },
    });
    const before = await file.getProperties();
    await first.emulator.close();

    const second = await persisted(folder);
    try {
      const again = second.service.getShareClient('kept');
      const properties = await again.getProperties();
      expect([properties.quota, properties.metadata]).toEqual([9, { a: '1' }]);
      const againFile = again.getDirectoryClient('streams').getFileClient('s.log');
      const after = await againFile.getProperties();
      expect([after.etag, after.fileId, after.contentType, after.metadata, after.leaseState]).toEqual([
        before.etag,
        before.fileId,
        'text/plain',
        { version: '2' },
        'leased',
      ]);
      expect((await read(againFile, 5, 5)).toString()).toBe('HELLO');
      expect((await read(againFile, 2 ** 40 - 3)).toString()).toBe('end');
      expect((await againFile.getRangeList()).rangeList).toEqual([
        { start: 5, end: 9 },
        { start: 2 ** 40 - 3, end: 2 ** 40 - 1 },
      ]);
      await write(againFile, 0, 'x', leaseId); // the lease id still holds
      const frozen = again
        .withSnapshot(snapshot as string)
        .getDirectoryClient('streams')
        .getFileClient('s.log');
      expect((await read(frozen, 5, 5)).toString()).toBe('hello');
      expect((await again.getDirectoryClient('streams').getProperties()).metadata).toEqual({ level: 'top' });
      expect(await again.rootDirectoryClient.getFileClient('gone').exists()).toBe(false);
      expect(await again.rootDirectoryClient.getFileClient('final').exists()).toBe(true);
      expect((await again.getAccessPolicy()).signedIdentifiers.map((item) => item.id)).toEqual(['p']);
      expect((await second.service.getProperties()).hourMetrics?.enabled).toBe(true);
    } finally {
      await second.emulator.close();
    }
  });

  it('compacts the journal, so it stays near the size of the live data, and restarts from the compacted one', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'files-compact-'));
    const first = await persisted(folder, { compactAtBytes: 64 * 1024 });
    const { shareClient: share } = await first.service.createShare('compacted');
    const file = share.rootDirectoryClient.getFileClient('f');
    await file.create(1024);
    // 400 overwrites of the same 1 KiB: about 500 KiB of journal without compaction.
    for (let n = 0; n < 400; n++) await write(file, 0, String(n).padStart(1024, '.'));
    const size = statSync(join(folder, 'journal.log')).size;
    expect(size).toBeLessThan(200 * 1024);
    await first.emulator.close();
    const second = await persisted(folder, { compactAtBytes: 64 * 1024 });
    try {
      const text = (
        await read(second.service.getShareClient('compacted').rootDirectoryClient.getFileClient('f'))
      ).toString();
      expect(text).toBe('399'.padStart(1024, '.'));
      expect(readdirSync(folder).sort()).toEqual(['journal.log', 'lock']);
    } finally {
      await second.emulator.close();
    }
  });

  it('compacts while concurrent writes are still pending, and loses none of them', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'files-compact-busy-'));
    const first = await persisted(folder, { compactAtBytes: 16 * 1024 });
    const { shareClient: share } = await first.service.createShare('busy');
    const file = share.rootDirectoryClient.getFileClient('f');
    await file.create(20 * 64);
    const slot = (round: number, k: number) => `round ${round} slot ${k}`.padEnd(64, '.');
    for (let round = 0; round < 30; round++)
      await Promise.all(Array.from({ length: 20 }, (_, k) => write(file, k * 64, slot(round, k))));
    expect(statSync(join(folder, 'journal.log')).size).toBeLessThan(64 * 1024);
    await first.emulator.close();
    const second = await persisted(folder);
    try {
      const text = (
        await read(second.service.getShareClient('busy').rootDirectoryClient.getFileClient('f'))
      ).toString();
      expect(text).toBe(Array.from({ length: 20 }, (_, k) => slot(29, k)).join(''));
    } finally {
      await second.emulator.close();
    }
  });

  it('cuts off a record torn at the end of the journal (never acknowledged) and carries on', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'files-torn-'));
    const first = await persisted(folder);
    const { shareClient: share } = await first.service.createShare('torn');
    const file = share.rootDirectoryClient.getFileClient('f');
    await file.create(4);
    await write(file, 0, 'safe');
    await first.emulator.close();
    const whole = statSync(join(folder, 'journal.log')).size;
    // A header promising more bytes than follow: what a kill in mid-append leaves.
    appendFileSync(join(folder, 'journal.log'), Buffer.from([200, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 123]));
    const second = await persisted(folder);
    expect(statSync(join(folder, 'journal.log')).size).toBe(whole);
    const again = second.service.getShareClient('torn').rootDirectoryClient.getFileClient('f');
    expect((await read(again)).toString()).toBe('safe');
    await write(again, 0, 'more');
    await second.emulator.close();
    const third = await persisted(folder);
    try {
      expect(
        (await read(third.service.getShareClient('torn').rootDirectoryClient.getFileClient('f'))).toString(),
      ).toBe('more');
    } finally {
      await third.emulator.close();
    }
  });
});
