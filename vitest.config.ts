// Three kinds of test run in one `vitest run`:
// - unit: pure logic, no network;
// - emulators: the emulators' own tests (emulators/**/test), each driving its emulator (or the CLI) through the
//   official SDKs;
// - integration: contract, integration and end-to-end suites share the emulators that globalSetup starts once.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Most test files wait on the emulators (or on a timer of their own) rather than on the CPU: on a 2-core
    // machine four files at a time finish the suite in about half the time of the default two.
    maxWorkers: 4,
    // Outside the Functions host, @azure/functions warns that it runs in "test mode": expected here.
    onConsoleLog: (log) => !log.includes('"@azure/functions" package'),
    projects: [
      // Pure logic, no shared state worth a fresh process per file: one process runs them all, importing once.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false } },
      {
        extends: true,
        test: {
          name: 'emulators',
          include: ['emulators/**/test/**/*.test.ts'],
          // The CLI test runs the compiled CLI.
          globalSetup: ['emulators/test/globalSetup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [
            'test/contract/**/*.test.ts',
            'test/integration/**/*.test.ts',
            'test/e2e/**/*.test.ts',
            'test/browser/**/*.test.ts',
          ],
          globalSetup: ['test/support/globalSetup.ts'],
        },
      },
    ],
  },
});
