// Service-level operations of the Azure Files emulator through the unchanged @azure/storage-file-share SDK:
// List Shares (what Storage Explorer and most tools call first) and the File service properties.
import { ShareServiceClient } from '@azure/storage-file-share';
import { describe, expect, it } from 'vitest';
import { startFilesEmulator } from '../index.js';
import { rejectsWith } from './filesHarness.js';

const freshService = async () => {
  const emulator = await startFilesEmulator({ port: 0 });
  return { emulator, service: ShareServiceClient.fromConnectionString(emulator.connectionString) };
};

describe('List Shares', () => {
  it('lists shares by name, filtered by prefix, with quota and lease state', async () => {
    const { emulator, service } = await freshService();
    try {
      for (const name of ['beta', 'alpha', 'gamma-1', 'gamma-2'])
        await service.createShare(name, { quota: 7 });
      const all = [];
      for await (const share of service.listShares()) all.push(share.name);
      expect(all).toEqual(['alpha', 'beta', 'gamma-1', 'gamma-2']);
      const gammas = [];
      for await (const share of service.listShares({ prefix: 'gamma-' })) gammas.push(share);
      expect(
        gammas.map((share) => [share.name, share.properties.quota, share.properties.leaseState]),
      ).toEqual([
        ['gamma-1', 7, 'available'],
        ['gamma-2', 7, 'available'],
      ]);
      expect(gammas[0]?.properties.etag).toMatch(/^"0x[0-9A-F]+"$/);
    } finally {
      await emulator.close();
    }
  });

  it('pages with maxPageSize and a continuation marker, and returns every share once', async () => {
    const { emulator, service } = await freshService();
    try {
      for (let n = 0; n < 5; n++) await service.createShare(`page-${n}`);
      const pages = [];
      for await (const page of service.listShares().byPage({ maxPageSize: 2 }))
        pages.push((page.shareItems ?? []).map((share) => share.name));
      expect(pages).toEqual([['page-0', 'page-1'], ['page-2', 'page-3'], ['page-4']]);
    } finally {
      await emulator.close();
    }
  });

  it('includes metadata and snapshots only when asked', async () => {
    const { emulator, service } = await freshService();
    try {
      const { shareClient } = await service.createShare('with-snapshots', { metadata: { owner: 'team-a' } });
      const { snapshot } = await shareClient.createSnapshot();
      const plain = [];
      for await (const share of service.listShares())
        plain.push([share.name, share.snapshot, share.metadata]);
      expect(plain).toEqual([['with-snapshots', undefined, undefined]]);
      const full = [];
      for await (const share of service.listShares({ includeMetadata: true, includeSnapshots: true }))
        full.push([share.name, share.snapshot, share.metadata]);
      expect(full).toEqual([
        ['with-snapshots', snapshot, { owner: 'team-a' }],
        ['with-snapshots', undefined, { owner: 'team-a' }],
      ]);
    } finally {
      await emulator.close();
    }
  });
});

describe('File service properties', () => {
  it('returns defaults, keeps what is set, and leaves elements not sent as they were', async () => {
    const { emulator, service } = await freshService();
    try {
      const defaults = await service.getProperties();
      expect(defaults.hourMetrics?.enabled).toBe(false);
      expect(defaults.cors ?? []).toEqual([]);
      const rule = {
        allowedOrigins: 'https://example.org',
        allowedMethods: 'GET,PUT',
        allowedHeaders: 'x-ms-meta-*',
        exposedHeaders: 'x-ms-request-id',
        maxAgeInSeconds: 60,
      };
      await service.setProperties({ cors: [rule] });
      await service.setProperties({
        minuteMetrics: {
          version: '1.0',
          enabled: true,
          includeAPIs: true,
          retentionPolicy: { enabled: true, days: 3 },
        },
      });
      const after = await service.getProperties();
      expect(after.cors).toEqual([rule]);
      expect(after.minuteMetrics).toMatchObject({
        enabled: true,
        includeAPIs: true,
        retentionPolicy: { days: 3 },
      });
      expect(after.protocol?.smb?.multichannel?.enabled).toBe(false);
    } finally {
      await emulator.close();
    }
  });

  it('answers operations it does not offer with a 4xx, never a 500', async () => {
    const { emulator, service } = await freshService();
    try {
      await rejectsWith(
        service.getUserDelegationKey(new Date(), new Date(Date.now() + 3_600_000)),
        400,
        'InvalidQueryParameterValue',
      );
    } finally {
      await emulator.close();
    }
  });
});
