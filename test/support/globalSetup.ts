// Starts the emulators once per test run, on free ports (so a running `npm start` never collides with the
// tests), and hands their endpoints to the test files through vitest's provide/inject.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmulators } from '../../emulators/start.js';
import { testQueueDefinitions, testTopicDefinitions } from './serviceBusTopics.js';

export interface TestEmulators {
  /** Connection string with the Blob, Queue and Table endpoints of Azurite and the Files emulator's. */
  storageConnectionString: string;
  /** App settings pointing the app at the emulators (EventStorage, AzureWebJobsStorage, ServiceBusConnection). */
  settings: Record<string, string>;
  /** The Service Bus administration API's certificate (PEM file), for ServiceBusAdministrationClient. */
  serviceBusCertificate: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    emulators: TestEmulators;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The end-to-end tests run the compiled local host: build it first, so they never test stale code.
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  const emulators = await startEmulators({
    ports: 'free',
    serviceBusEntities: { topics: testTopicDefinitions(), queues: testQueueDefinitions() },
  });
  const { storage, serviceBus } = emulators.connectionStrings;
  project.provide('emulators', {
    storageConnectionString: storage,
    settings: { AzureWebJobsStorage: storage, EventStorage: storage, ServiceBusConnection: serviceBus },
    serviceBusCertificate: emulators.serviceBusCertificate,
  });
  return () => emulators.stop();
}
