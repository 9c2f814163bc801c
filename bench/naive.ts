// The naive baseline, as the seeds' simplest samples do it: every command replays the whole stream, writes its
// event with one storage write per event, then publishes it (after the save: the dual-write flaw included).

import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TableClient } from '@azure/data-tables';
import type { ServiceBusSender } from '@azure/service-bus';
import { BlobServiceClient } from '@azure/storage-blob';
import { ShareServiceClient } from '@azure/storage-file-share';
import type { BenchStore } from './environment.js';
import { sampleEvent } from './rawFloor.js';
import { timeEach } from './stats.js';

interface NaiveStream {
  /** Writes `count` events without measuring (the stream's history). */
  seed(count: number): Promise<void>;
  /** Every event, as stored. */
  replay(): Promise<string[]>;
  append(line: string, version: number): Promise<void>;
}

/** Times `count` deposits on a naive stream already `length` events long. */
export async function measureNaive(
  store: BenchStore,
  connection: string,
  folder: string,
  sender: ServiceBusSender,
  length: number,
  count: number,
): Promise<number[]> {
  const stream = await naiveStream(store, connection, folder);
  await stream.seed(length);
  return timeEach(count, async () => {
    const history = await stream.replay();
    const balance = history.reduce(
      (sum, line) => sum + ((JSON.parse(line) as { data: { amount?: number } }).data.amount ?? 0),
      0,
    );
    const line = sampleEvent(history.length + 1);
    await stream.append(line, history.length + 1);
    await sender.sendMessages({
      body: JSON.parse(line),
      messageId: randomUUID(),
      applicationProperties: { balance },
    });
  });
}

async function naiveStream(store: BenchStore, connection: string, folder: string): Promise<NaiveStream> {
  const id = `naive-${randomUUID().slice(0, 8)}`;
  const lines = (count: number) => Array.from({ length: count }, (_, index) => sampleEvent(index + 1));
  switch (store) {
    case 'table': {
      const table = TableClient.fromConnectionString(connection, 'benchNaive', {
        allowInsecureConnection: true,
      });
      await table.createTable();
      const entity = (line: string, version: number) => ({
        partitionKey: id,
        rowKey: String(version).padStart(19, '0'),
        Data: line,
      });
      return {
        seed: async (count) => {
          const all = lines(count);
          for (let start = 0; start < all.length; start += 100) {
            await table.submitTransaction(
              all.slice(start, start + 100).map((line, i) => ['create', entity(line, start + i + 1)]),
            );
          }
        },
        replay: async () => {
          const all: string[] = [];
          for await (const row of table.listEntities({ queryOptions: { filter: `PartitionKey eq '${id}'` } }))
            all.push(String(row.Data));
          return all;
        },
        append: async (line, version) => {
          await table.createEntity(entity(line, version));
        },
      };
    }
    case 'blob': {
      const container = BlobServiceClient.fromConnectionString(connection).getContainerClient('bench-naive');
      await container.createIfNotExists();
      const blob = container.getAppendBlobClient(`${id}.ndjson`);
      await blob.create();
      return {
        seed: async (count) => {
          const all = lines(count);
          for (let start = 0; start < all.length; start += 1000) {
            const body = `${all.slice(start, start + 1000).join('\n')}\n`;
            await blob.appendBlock(body, Buffer.byteLength(body));
          }
        },
        replay: async () => (await blob.downloadToBuffer()).toString('utf8').split('\n').filter(Boolean),
        append: async (line) => {
          await blob.appendBlock(`${line}\n`, Buffer.byteLength(`${line}\n`));
        },
      };
    }
    case 'files': {
      const share = ShareServiceClient.fromConnectionString(connection).getShareClient('bench-naive');
      await share.createIfNotExists();
      const file = share.rootDirectoryClient.getFileClient(`${id}.ndjson`);
      let size = 0;
      const write = async (body: Buffer) => {
        await file.resize(size + body.length);
        await file.uploadRange(body, size, body.length);
        size += body.length;
      };
      await file.create(0);
      return {
        seed: async (count) => {
          const all = lines(count);
          for (let start = 0; start < all.length; start += 1000)
            await write(Buffer.from(`${all.slice(start, start + 1000).join('\n')}\n`));
        },
        replay: async () =>
          size === 0 ? [] : (await file.downloadToBuffer()).toString('utf8').split('\n').filter(Boolean),
        append: (line) => write(Buffer.from(`${line}\n`)),
      };
    }
    case 'local': {
      await mkdir(folder, { recursive: true });
      const path = join(folder, `${id}.ndjson`);
      return {
        seed: (count) => appendFile(path, `${lines(count).join('\n')}\n`),
        replay: async () => (await readFile(path, 'utf8').catch(() => '')).split('\n').filter(Boolean),
        append: (line) => appendFile(path, `${line}\n`),
      };
    }
    case 'memory': {
      const all: string[] = [];
      return {
        seed: async (count) => {
          all.push(...lines(count));
        },
        replay: async () => [...all],
        append: async (line) => {
          all.push(line);
        },
      };
    }
  }
}
