// Runs Azurite inside a child process that exits as soon as its parent goes away (the IPC channel
// closes), so a crashed `npm start` or test run never leaves an Azurite behind.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

process.on('disconnect', () => process.exit(0));
const packageJson = createRequire(import.meta.url).resolve('azurite/package.json');
await import(join(dirname(packageJson), 'dist', 'src', 'azurite.js'));
