// SDK clients for a named connection, with the stores' retry settings: a connection string (Azurite or
// Azure) or an endpoint reached with a managed identity.

import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import { BlobServiceClient } from '@azure/storage-blob';
import { ShareServiceClient } from '@azure/storage-file-share';
import { resolveStorageConnection } from '../config/connections.js';
import type { Environment } from '../config/settings.js';
import { countRequestPolicy } from '../telemetry/requestCount.js';
import { STORAGE_RETRY_OPTIONS, STORE_RETRY_OPTIONS } from './azureErrors.js';

/**
 * Each try of a request is abandoned after this long, so a store that stops answering does not keep sockets
 * and promises forever (the caller's own deadline, deadline.ts, answers the client much sooner).
 */
const TRY_TIMEOUT_IN_MS = 30_000;

type PipelinePolicy = NonNullable<TableServiceClientOptions['additionalPolicies']>[number]['policy'];

const tryTimeout: PipelinePolicy = {
  name: 'tryTimeout',
  sendRequest: (request, next) => {
    request.timeout = TRY_TIMEOUT_IN_MS;
    return next(request);
  },
};
const options = {
  retryOptions: STORE_RETRY_OPTIONS,
  additionalPolicies: [
    { policy: tryTimeout, position: 'perRetry' as const },
    // Table requests are counted on the traced store calls' spans (the storage SDKs take no extra policies).
    { policy: countRequestPolicy as PipelinePolicy, position: 'perRetry' as const },
  ],
};
const storageOptions = { retryOptions: { ...STORAGE_RETRY_OPTIONS, tryTimeoutInMs: TRY_TIMEOUT_IN_MS } };

export function tableClientFactory(connectionName: string, env: Environment): (table: string) => TableClient {
  const connection = resolveStorageConnection(connectionName, 'table', env);
  if (connection.kind === 'identity') {
    return (table) => new TableClient(connection.endpoint, table, connection.credential, options);
  }
  const allowInsecureConnection = /=http:\/\//i.test(connection.connectionString);
  return (table) =>
    TableClient.fromConnectionString(connection.connectionString, table, {
      ...options,
      allowInsecureConnection,
    });
}

export function blobServiceClient(connectionName: string, env: Environment): BlobServiceClient {
  const connection = resolveStorageConnection(connectionName, 'blob', env);
  return connection.kind === 'identity'
    ? new BlobServiceClient(connection.endpoint, connection.credential, storageOptions)
    : BlobServiceClient.fromConnectionString(connection.connectionString, storageOptions);
}

export function shareServiceClient(connectionName: string, env: Environment): ShareServiceClient {
  const connection = resolveStorageConnection(connectionName, 'file', env);
  // Azure Files accepts OAuth tokens on its REST API only for requests that declare the backup intent.
  return connection.kind === 'identity'
    ? new ShareServiceClient(connection.endpoint, connection.credential, {
        ...storageOptions,
        fileRequestIntent: 'backup',
      })
    : ShareServiceClient.fromConnectionString(connection.connectionString, storageOptions);
}
