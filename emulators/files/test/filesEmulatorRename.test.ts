// Rename File in the Azure Files emulator, driven through the unchanged @azure/storage-file-share SDK:
// the exclusive "create if absent" the File Share event store builds on (prepare a file under a temporary
// name, then rename it without replacing).
import type { ShareClient, ShareFileClient } from '@azure/storage-file-share';
import { ShareServiceClient } from '@azure/storage-file-share';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningFilesEmulator } from '../index.js';
import { startFilesEmulator } from '../index.js';

let emulator: RunningFilesEmulator;
let service: ShareServiceClient;

beforeAll(async () => {
  emulator = await startFilesEmulator({ port: 0 });
  service = ShareServiceClient.fromConnectionString(emulator.connectionString);
});

afterAll(() => emulator.close());

let shareCount = 0;
const newShare = async (): Promise<ShareClient> => {
  const share = service.getShareClient(`rename-${process.pid}-${Date.now().toString(36)}-${shareCount++}`);
  await share.create();
  await share.getDirectoryClient('streams').create();
  return share;
};

const fileWith = async (
  share: ShareClient,
  path: string,
  text: string,
  metadata: Record<string, string> = {},
) => {
  const file = streamFile(share, path);
  await file.create(text.length, { metadata });
  if (text.length > 0) await file.uploadRange(Buffer.from(text), 0, text.length);
  return file;
};

// `rename()` also returns a client for the new name, but SDK 12.31 builds its URL without the account segment
// of a path-style (emulator) URL, so these tests address the renamed file through the share instead.
const streamFile = (share: ShareClient, path: string) =>
  share.getDirectoryClient('streams').getFileClient(path);

const read = async (file: ShareFileClient): Promise<string> => (await file.downloadToBuffer()).toString();

type RestErrorLike = { name: string; statusCode?: number; code?: string };

const rejectsWith = async (operation: Promise<unknown>, statusCode: number, code: string) => {
  const error = (await operation.catch((e: unknown) => e)) as RestErrorLike | undefined;
  expect([error?.name, error?.statusCode, error?.code]).toEqual(['RestError', statusCode, code]);
};

describe('Rename File', () => {
  it('moves a file to a new name with its content and metadata; the old name is gone', async () => {
    const share = await newShare();
    const source = await fileWith(share, '~tmp-1', 'line one\n', { recordcount: '1' });
    const { fileRenameResponse } = await source.rename('streams/stream-a.ndjson');
    expect(fileRenameResponse.etag).toMatch(/^"0x[0-9A-F]+"$/);
    const renamed = streamFile(share, 'stream-a.ndjson');
    expect(await read(renamed)).toBe('line one\n');
    expect((await renamed.getProperties()).metadata).toEqual({ recordcount: '1' });
    expect(await source.exists()).toBe(false);
    const names: string[] = [];
    for await (const item of share.getDirectoryClient('streams').listFilesAndDirectories())
      names.push(item.name);
    expect(names).toEqual(['stream-a.ndjson']);
  });

  it('refuses to replace an existing file without replaceIfExists (409 ResourceAlreadyExists), touching neither', async () => {
    const share = await newShare();
    const existing = await fileWith(share, 'stream.ndjson', 'committed\n');
    const source = await fileWith(share, '~tmp-2', 'intruder\n');
    await rejectsWith(
      source.rename('streams/stream.ndjson', { replaceIfExists: false }),
      409,
      'ResourceAlreadyExists',
    );
    await rejectsWith(source.rename('streams/stream.ndjson'), 409, 'ResourceAlreadyExists');
    expect([await read(existing), await read(source)]).toEqual(['committed\n', 'intruder\n']);
    await source.rename('streams/stream.ndjson', { replaceIfExists: true });
    expect(await read(existing)).toBe('intruder\n');
    expect(await source.exists()).toBe(false);
  });

  it('treats names that differ only in case as the same name, as Azure Files does', async () => {
    const share = await newShare();
    await fileWith(share, 'abc.ndjson', 'lower\n');
    const source = await fileWith(share, '~tmp-3', 'upper\n');
    await rejectsWith(source.rename('streams/ABC.ndjson'), 409, 'ResourceAlreadyExists');
  });

  it('lets exactly one of many concurrent renames claim a free name', async () => {
    const share = await newShare();
    const sources = await Promise.all(
      Array.from({ length: 12 }, (_, n) => fileWith(share, `~tmp-${n}`, `writer ${n}\n`)),
    );
    const outcomes = await Promise.all(
      sources.map((source) =>
        source.rename('streams/contested.ndjson', { replaceIfExists: false }).then(
          () => 'won',
          (error: RestErrorLike) => `${error.statusCode} ${error.code}`,
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === 'won')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === '409 ResourceAlreadyExists')).toHaveLength(11);
    const winner = outcomes.indexOf('won');
    expect(await read(share.getDirectoryClient('streams').getFileClient('contested.ndjson'))).toBe(
      `writer ${winner}\n`,
    );
  });

  it('moves a file into another directory and reports missing sources and parents with 404', async () => {
    const share = await newShare();
    await share.getDirectoryClient('streams/bank.account').create();
    const source = await fileWith(share, '~tmp-4', 'x');
    await source.rename('streams/bank.account/^abc.ndjson');
    expect(await read(streamFile(share, 'bank.account/^abc.ndjson'))).toBe('x');
    await rejectsWith(source.rename('streams/elsewhere.ndjson'), 404, 'ResourceNotFound');
    const other = await fileWith(share, '~tmp-5', 'y');
    await rejectsWith(other.rename('missing/file.ndjson'), 404, 'ParentNotFound');
    expect(await other.exists()).toBe(true);
  });

  it('needs the source lease id to move a leased file, and the destination lease id to replace a leased one', async () => {
    const share = await newShare();
    const source = await fileWith(share, '~tmp-6', 'new\n');
    const { leaseId } = await source.getShareLeaseClient().acquireLease(-1);
    await rejectsWith(source.rename('streams/leased.ndjson'), 412, 'LeaseIdMissing');
    await source.rename('streams/leased.ndjson', { sourceLeaseAccessConditions: { leaseId } });
    const renamed = streamFile(share, 'leased.ndjson');
    expect((await renamed.getProperties()).leaseState).toBe('leased');
    const replacement = await fileWith(share, '~tmp-7', 'newer\n');
    const replace = { replaceIfExists: true };
    await rejectsWith(replacement.rename('streams/leased.ndjson', replace), 412, 'LeaseIdMissing');
    await replacement.rename('streams/leased.ndjson', {
      ...replace,
      destinationLeaseAccessConditions: { leaseId },
    });
    expect(await read(renamed)).toBe('newer\n');
  });
});
