// Named connections, resolved the way Azure Functions bindings resolve them: the app setting `<NAME>` holds a
// connection string, or `<NAME>__<service>ServiceUri` / `<NAME>__accountName` name an endpoint reached with
// a managed identity through DefaultAzureCredential (`<NAME>__clientId` picks a user-assigned identity).
import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import { ConfigurationError } from '../errors.js';
import type { Environment } from './settings.js';

export type StorageService = 'blob' | 'queue' | 'table' | 'file';

export type StorageConnection =
  | { kind: 'connectionString'; connectionString: string }
  | { kind: 'identity'; endpoint: string; credential: TokenCredential };

export function resolveStorageConnection(
  name: string,
  service: StorageService,
  env: Environment,
): StorageConnection {
  const connectionString = env[name]?.trim();
  if (connectionString) return { kind: 'connectionString', connectionString };
  const serviceUri = env[`${name}__${service}ServiceUri`]?.trim();
  const accountName = env[`${name}__accountName`]?.trim();
  const endpoint =
    serviceUri || (accountName ? `https://${accountName}.${service}.core.windows.net` : undefined);
  if (!endpoint) {
    throw new ConfigurationError(
      `Connection "${name}" is not configured for the ${service} service: set the app setting ${name} to a ` +
        `connection string, or ${name}__accountName (or ${name}__${service}ServiceUri) to use a managed identity.`,
    );
  }
  return { kind: 'identity', endpoint, credential: credentialFor(name, env) };
}

export type ServiceBusConnection =
  | { kind: 'connectionString'; connectionString: string }
  | { kind: 'identity'; fullyQualifiedNamespace: string; credential: TokenCredential };

export function resolveServiceBusConnection(name: string, env: Environment): ServiceBusConnection {
  const connectionString = env[name]?.trim();
  if (connectionString) return { kind: 'connectionString', connectionString };
  const fullyQualifiedNamespace = env[`${name}__fullyQualifiedNamespace`]?.trim();
  if (!fullyQualifiedNamespace) {
    throw new ConfigurationError(
      `Connection "${name}" is not configured: set the app setting ${name} to a Service Bus connection string, ` +
        `or ${name}__fullyQualifiedNamespace (e.g. mybus.servicebus.windows.net) to use a managed identity.`,
    );
  }
  return { kind: 'identity', fullyQualifiedNamespace, credential: credentialFor(name, env) };
}

const credentials = new Map<string, TokenCredential>();

function credentialFor(name: string, env: Environment): TokenCredential {
  const clientId = env[`${name}__clientId`]?.trim() || undefined;
  const key = clientId ?? '';
  let credential = credentials.get(key);
  if (!credential) {
    credential = clientId
      ? new DefaultAzureCredential({ managedIdentityClientId: clientId })
      : new DefaultAzureCredential();
    credentials.set(key, credential);
  }
  return credential;
}
