// Run by coldStart.ts, in a fresh Node process per sample: imports every file a package's package.json `main`
// names, as the Functions host does when an instance starts (they register through @azure/functions-core), and
// prints how long that took. `--eager` also imports the composition root, as the entry points did before
// start-up was lazy (issue 18): the package as it was deployed before.
//
//   node dist/bench/importPackage.js <package folder> [--eager]
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { captureFunctions } from '../src/local/functionsCore.js';
import { mainFiles } from '../src/local/registrations.js';

const [packageRoot = '.', mode] = process.argv.slice(2);
const files = await mainFiles(packageRoot);
if (mode === '--eager') files.push(join(packageRoot, 'dist/src/application.js'));
const started = performance.now();
const { functions } = await captureFunctions(async () => {
  for (const file of files) await import(pathToFileURL(file).href);
});
const importInMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ importInMs, functions: functions.length })}\n`);
