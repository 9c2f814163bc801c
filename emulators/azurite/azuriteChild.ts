// Runs Azurite inside a child process that exits as soon as its parent goes away (the IPC channel closes),
// so a crashed `npm start` or test run never leaves an Azurite behind. When it persists to a folder, it first
// closes its services the way Azurite's own SIGTERM does, which saves what its 5-second autosave has not yet:
// so even a parent killed with SIGKILL loses nothing Azurite acknowledged.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const persists = !process.argv.includes('--inMemoryPersistence');
const location = process.argv[process.argv.indexOf('--location') + 1];
if (persists && location) {
  // Held while this Azurite runs (index.ts waits for it before starting another on the same folder).
  const pidFile = join(location, 'azurite.pid');
  mkdirSync(location, { recursive: true });
  writeFileSync(pidFile, String(process.pid));
  process.on('exit', () => rmSync(pidFile, { force: true }));
}
// With the parent gone, so are the pipes of stdout and stderr: Azurite's "closing…" lines must not end the process
// (EPIPE) before it has saved.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
process.on('disconnect', () => {
  if (!persists) process.exit(0);
  process.kill(process.pid, 'SIGTERM');
  // Azurite saves once its HTTP servers have closed, and a server closes only when its connections do: clients
  // still sending on keep-alive sockets would hold the save off. Azurite keeps its servers to itself, so they
  // are found among the process's active handles (a long-standing Node internal) and their connections cut.
  setImmediate(() => {
    const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
    for (const handle of handles) (handle as Partial<Server>).closeAllConnections?.();
  });
  // The deadline if Azurite's shutdown does not end the process by itself.
  setTimeout(() => process.exit(0), 10_000).unref();
});
const packageJson = createRequire(import.meta.url).resolve('azurite/package.json');
await import(join(dirname(packageJson), 'dist', 'src', 'azurite.js'));
