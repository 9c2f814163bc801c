#!/usr/bin/env node
// The `npx ./emulators` entry point: runs the CLI that the repository's build compiles to dist/emulators
// (run `npm ci && npm run build` at the repository root first). Its dependencies (azurite, rhea) are the
// repository's, found in its node_modules.
await import('../../dist/emulators/cli.js');
