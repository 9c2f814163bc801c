// One Azure Files emulator per test file, driven only through the official @azure/storage-file-share SDK,
// with the helpers the Files tests share: a fresh share per test, and the RestError a File service error
// must reach the caller as.
import type { ShareClient, ShareFileClient } from '@azure/storage-file-share';
import { ShareServiceClient } from '@azure/storage-file-share';
import { afterAll, beforeAll, expect } from 'vitest';
import { type RunningFilesEmulator, startFilesEmulator } from '../index.js';

export interface FilesHarness {
  emulator(): RunningFilesEmulator;
  service(): ShareServiceClient;
  /** A new, uniquely named share. */
  newShare(): Promise<ShareClient>;
  /** A new file of `size` bytes in the root of a new share. */
  newFile(size: number, name?: string): Promise<ShareFileClient>;
}

export function useFilesEmulator(): FilesHarness {
  let emulator: RunningFilesEmulator;
  let service: ShareServiceClient;
  beforeAll(async () => {
    emulator = await startFilesEmulator({ port: 0 });
    service = ShareServiceClient.fromConnectionString(emulator.connectionString);
  });
  afterAll(() => emulator.close());

  let shareCount = 0;
  const newShare = async () => {
    const share = service.getShareClient(`files-${process.pid}-${Date.now().toString(36)}-${shareCount++}`);
    await share.create();
    return share;
  };
  return {
    emulator: () => emulator,
    service: () => service,
    newShare,
    newFile: async (size, name = 'stream.log') => {
      const file = (await newShare()).rootDirectoryClient.getFileClient(name);
      await file.create(size);
      return file;
    },
  };
}

export const read = async (file: ShareFileClient, offset?: number, count?: number): Promise<Buffer> => {
  const response = await file.download(offset, count);
  const chunks: Buffer[] = [];
  for await (const chunk of response.readableStreamBody ?? []) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
};

export const write = (file: ShareFileClient, offset: number, text: string, leaseId?: string) =>
  file.uploadRange(Buffer.from(text), offset, text.length, { leaseAccessConditions: { leaseId } });

type RestErrorLike = { name: string; statusCode?: number; code?: string; details?: { errorCode?: string } };

// A File service error reaches the caller as a RestError with the status, the XML body's code and the
// `x-ms-error-code` header. HEAD responses have no body, so there only the header carries the code.
export const rejectsWith = async (
  operation: Promise<unknown>,
  statusCode: number,
  code: string,
  head = false,
) => {
  const error = (await operation.catch((e: unknown) => e)) as RestErrorLike | undefined;
  const seen = [error?.name, error?.statusCode, head ? code : error?.code, error?.details?.errorCode];
  expect(seen).toEqual(['RestError', statusCode, code, code]);
};
