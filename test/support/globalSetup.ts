// Starts the emulators once per test run, on free ports (so a running `npm start` never collides with the
// tests), and hands their endpoints to the test files through vitest's provide/inject.
import type { TestProject } from 'vitest/node';
import { startAzurite, storageConnectionString } from '../../src/local/azurite.js';
import { findFreePort } from '../../src/local/ports.js';

export interface TestEmulators {
  /** Connection string with the Blob, Queue and Table endpoints of Azurite. */
  storageConnectionString: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    emulators: TestEmulators;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const azurite = await startAzurite({
    blobPort: await findFreePort(),
    queuePort: await findFreePort(),
    tablePort: await findFreePort(),
  });
  project.provide('emulators', {
    storageConnectionString: storageConnectionString({
      blob: azurite.blobEndpoint,
      queue: azurite.queueEndpoint,
      table: azurite.tableEndpoint,
    }),
  });
  return async () => {
    await azurite.stop();
  };
}
