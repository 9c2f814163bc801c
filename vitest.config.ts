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
    // Outside the Functions host, @azure/functions warns that it runs in "test mode": expected here.
    onConsoleLog: (log) => !log.includes('"@azure/functions" package'),
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
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
