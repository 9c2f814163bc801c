// Named connections, resolved the way Functions bindings resolve them. Building a DefaultAzureCredential
// makes no network call, so these stay unit tests.
import { describe, expect, it } from 'vitest';
import { resolveServiceBusConnection, resolveStorageConnection } from '../../src/config/connections.js';
import { ConfigurationError } from '../../src/errors.js';
import { thrownBy } from './support/thrown.js';

const CONNECTION_STRING =
  'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.windows.net';

function configurationError(action: () => unknown): string {
  const error = thrownBy(action);
  expect(error).toBeInstanceOf(ConfigurationError);
  return (error as ConfigurationError).message;
}

describe('resolveStorageConnection', () => {
  it('uses the connection string in the app setting named by the connection', () => {
    expect(resolveStorageConnection('EventStorage', 'table', { EventStorage: CONNECTION_STRING })).toEqual({
      kind: 'connectionString',
      connectionString: CONNECTION_STRING,
    });
  });

  it('prefers the connection string over identity settings', () => {
    const env = { EventStorage: CONNECTION_STRING, EventStorage__accountName: 'other' };
    expect(resolveStorageConnection('EventStorage', 'table', env).kind).toBe('connectionString');
  });

  it.each([
    ['table', 'https://acct.table.core.windows.net'],
    ['blob', 'https://acct.blob.core.windows.net'],
    ['queue', 'https://acct.queue.core.windows.net'],
    ['file', 'https://acct.file.core.windows.net'],
  ] as const)('turns <NAME>__accountName into the %s endpoint with a credential', (service, endpoint) => {
    const connection = resolveStorageConnection('EventStorage', service, {
      EventStorage__accountName: 'acct',
    });
    expect(connection).toMatchObject({ kind: 'identity', endpoint });
    expect(connection.kind === 'identity' && typeof connection.credential.getToken).toBe('function');
  });

  it('lets <NAME>__tableServiceUri override the account name', () => {
    const env = {
      EventStorage__accountName: 'acct',
      EventStorage__tableServiceUri: 'https://custom.example.net/tables',
    };
    expect(resolveStorageConnection('EventStorage', 'table', env)).toMatchObject({
      kind: 'identity',
      endpoint: 'https://custom.example.net/tables',
    });
  });

  it("uses only the requested service's URI", () => {
    const env = {
      EventStorage__accountName: 'acct',
      EventStorage__blobServiceUri: 'https://blobs.example.net',
    };
    expect(resolveStorageConnection('EventStorage', 'table', env)).toMatchObject({
      endpoint: 'https://acct.table.core.windows.net',
    });
  });

  it('treats a blank connection string as not set', () => {
    const env = { EventStorage: '  ', EventStorage__accountName: 'acct' };
    expect(resolveStorageConnection('EventStorage', 'table', env).kind).toBe('identity');
  });

  it('names the settings to set when nothing is configured', () => {
    const message = configurationError(() => resolveStorageConnection('EventStorage', 'table', {}));
    expect(message).toContain('EventStorage');
    expect(message).toContain('EventStorage__accountName');
    expect(message).toContain('EventStorage__tableServiceUri');
  });

  it("does not take another connection's settings", () => {
    const env = { OtherStorage: CONNECTION_STRING, OtherStorage__accountName: 'acct' };
    expect(() => resolveStorageConnection('EventStorage', 'blob', env)).toThrow(ConfigurationError);
  });
});

describe('resolveServiceBusConnection', () => {
  const SB = 'Endpoint=sb://bus.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=dg==';

  it('uses the connection string in the app setting named by the connection', () => {
    expect(resolveServiceBusConnection('ServiceBus', { ServiceBus: SB })).toEqual({
      kind: 'connectionString',
      connectionString: SB,
    });
  });

  it('prefers the connection string over <NAME>__fullyQualifiedNamespace', () => {
    const env = { ServiceBus: SB, ServiceBus__fullyQualifiedNamespace: 'other.servicebus.windows.net' };
    expect(resolveServiceBusConnection('ServiceBus', env).kind).toBe('connectionString');
  });

  it('uses <NAME>__fullyQualifiedNamespace with a credential', () => {
    const connection = resolveServiceBusConnection('ServiceBus', {
      ServiceBus__fullyQualifiedNamespace: 'bus.servicebus.windows.net',
      ServiceBus__clientId: '00000000-0000-0000-0000-000000000001',
    });
    expect(connection).toMatchObject({
      kind: 'identity',
      fullyQualifiedNamespace: 'bus.servicebus.windows.net',
    });
    expect(connection.kind === 'identity' && typeof connection.credential.getToken).toBe('function');
  });

  it('names the settings to set when nothing is configured', () => {
    const message = configurationError(() => resolveServiceBusConnection('ServiceBus', {}));
    expect(message).toContain('ServiceBus');
    expect(message).toContain('ServiceBus__fullyQualifiedNamespace');
  });
});
