// Access to the emulators started by globalSetup, and SDK clients wired to them.
import { TableClient } from '@azure/data-tables';
import { BlobServiceClient } from '@azure/storage-blob';
import { ShareServiceClient } from '@azure/storage-file-share';
import { inject } from 'vitest';
import type { TestEmulators } from './globalSetup.js';

export function emulators(): TestEmulators {
  return inject('emulators');
}

export function tableClient(tableName: string): TableClient {
  return TableClient.fromConnectionString(emulators().storageConnectionString, tableName, {
    allowInsecureConnection: true,
  });
}

export function shareServiceClient(): ShareServiceClient {
  return ShareServiceClient.fromConnectionString(emulators().storageConnectionString);
}

export function blobServiceClient(): BlobServiceClient {
  return BlobServiceClient.fromConnectionString(emulators().storageConnectionString);
}
