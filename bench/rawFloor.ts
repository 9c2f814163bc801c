// The raw floor: the least one command could cost on each store — the bare SDK (or file system) calls for one
// conditional append of one event, with no framework around them — measured in this process.

import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TableClient } from '@azure/data-tables';
import { BlobServiceClient } from '@azure/storage-blob';
import { ShareServiceClient } from '@azure/storage-file-share';
import lockfile from 'proper-lockfile';
import type { BenchStore } from './environment.js';
import { timeEach } from './stats.js';

/** A deposit's envelope as the app stores it (about the same bytes). */
export function sampleEvent(version: number): string {
  return JSON.stringify({
    eventId: randomUUID(),
    aggregateType: 'bank.account',
    aggregateId: 'raw-floor',
    version,
    type: 'MoneyDeposited',
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
    sequence: Date.now() * 1000,
    data: { amount: 1 },
    metadata: {
      correlationId: randomUUID(),
      causationId: randomUUID(),
      commandName: 'deposit',
      who: 'anonymous',
    },
  });
}

/**
 * Times `count` bare conditional appends; with `withIntent`, each is preceded by the bare write of a publish
 * intent (the floor for the same durability the framework gives).
 */
export async function measureRawFloor(
  store: BenchStore,
  connection: string,
  folder: string,
  count: number,
  withIntent = false,
): Promise<number[]> {
  const id = `raw-${randomUUID().slice(0, 8)}`;
  const writeIntent = await intentWriter(store, connection, folder, id);
  const intentThen = (append: (index: number) => Promise<void>) =>
    timeEach(count, async (index) => {
      if (withIntent) await writeIntent(index);
      await append(index);
    });
  switch (store) {
    case 'table': {
      const table = TableClient.fromConnectionString(connection, 'benchRawFloor', {
        allowInsecureConnection: true,
      });
      await table.createTable();
      const header = { partitionKey: id, rowKey: '9223372036854775807', Version: 0 };
      let etag = (await table.createEntity(header)).etag as string;
      return intentThen(async (index) => {
        const version = index + 1;
        const rowKey = (9223372036854775807n - BigInt(version)).toString().padStart(19, '0');
        const response = await table.submitTransaction([
          ['update', { ...header, Version: version }, 'Merge', { etag }],
          ['create', { partitionKey: id, rowKey, Data: sampleEvent(version) }],
        ]);
        etag = response.subResponses[0]?.etag as string;
      });
    }
    case 'blob': {
      const container =
        BlobServiceClient.fromConnectionString(connection).getContainerClient('bench-raw-floor');
      await container.createIfNotExists();
      const blob = container.getAppendBlobClient(`${id}.ndjson`);
      await blob.create();
      let offset = 0;
      return intentThen(async (index) => {
        const body = `${sampleEvent(index + 1)}\n`;
        await blob.appendBlock(body, Buffer.byteLength(body), { conditions: { appendPosition: offset } });
        offset += Buffer.byteLength(body);
      });
    }
    case 'files': {
      const share = ShareServiceClient.fromConnectionString(connection).getShareClient('bench-raw-floor');
      await share.createIfNotExists();
      const file = share.rootDirectoryClient.getFileClient(`${id}.ndjson`);
      await file.create(1024 * 1024);
      let offset = 0;
      return intentThen(async (index) => {
        const body = Buffer.from(`${sampleEvent(index + 1)}\n`);
        const lease = file.getShareLeaseClient();
        const { leaseId } = await lease.acquireLease(-1);
        const leaseAccessConditions = { leaseId: leaseId as string };
        await file.uploadRange(body, offset, body.length, { leaseAccessConditions });
        offset += body.length;
        await file.setMetadata(
          { recordcount: String(index + 1), endofdata: String(offset) },
          { leaseAccessConditions },
        );
        await lease.releaseLease();
      });
    }
    case 'local': {
      await mkdir(folder, { recursive: true });
      const path = join(folder, `${id}.ndjson`);
      return intentThen(async (index) => {
        const file = await open(path, 'a+');
        const release = await lockfile.lock(path, { realpath: false });
        try {
          await file.stat(); // the check that the stream is where the writer expects
          await file.write(`[${sampleEvent(index + 1)}]\n`);
          await file.datasync();
        } finally {
          await release();
          await file.close();
        }
      });
    }
    case 'memory': {
      const stream: string[] = [];
      return intentThen(async (index) => {
        if (stream.length !== index) throw new Error('unexpected version');
        stream.push(sampleEvent(index + 1));
      });
    }
  }
}

/** The bare write of one publish intent, where the framework keeps them for this store. */
async function intentWriter(store: BenchStore, connection: string, folder: string, id: string) {
  if (store === 'memory') {
    const intents = new Map<string, unknown>();
    return async (index: number) => {
      intents.set(`${id}-${index}`, { id, index });
    };
  }
  if (store === 'local') {
    const directory = join(folder, 'intents');
    await mkdir(directory, { recursive: true });
    return async (index: number) => {
      const path = join(directory, `${id}-${index}.json`);
      await writeFile(`${path}.tmp`, JSON.stringify({ id, index }));
      await rename(`${path}.tmp`, path);
    };
  }
  const table = TableClient.fromConnectionString(connection, 'benchRawIntents', {
    allowInsecureConnection: true,
  });
  await table.createTable();
  return async (index: number) => {
    await table.createEntity({
      partitionKey: 'bank.account',
      rowKey: `${id}-${index}`,
      FromVersion: index + 1,
      ToVersion: index + 1,
    });
  };
}
