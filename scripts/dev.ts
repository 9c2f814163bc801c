// `npm run dev`: the inner loop. Starts the emulators once (their data survives every restart of the app), runs
// the TypeScript compiler in watch mode into dist-dev/ (so a test run's dist/ is never rewritten under it), and
// each time a compilation ends without errors (re)starts only the local host, in a few seconds. `rs` + Enter
// restarts the host by hand; Ctrl-C stops everything.
//
//   npm run dev -- [--port 7071] [--persist .data/dev] [--emulator-ports free]
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { startEmulatorProcess } from '../src/local/emulatorProcess.js';
import { projectRoot, removeRunningSettings, writeRunningSettings } from '../src/local/localSettings.js';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '7071' },
    persist: { type: 'string' },
    'emulator-ports': { type: 'string', default: 'default' },
  },
});
const OUT_DIR = join(projectRoot, 'dist-dev');
const log = (message: string) => console.log(`[dev] ${message}`);

const emulators = await startEmulatorProcess({
  cliPath: join(projectRoot, 'dist/emulators/cli.js'),
  ports: args['emulator-ports'] === 'free' ? 'free' : 'default',
  persistFolder: args.persist,
  entitiesFile: join(projectRoot, 'src/local/serviceBusEntities.json'),
  summary: false,
  log,
});
const settings = {
  EventStorage: emulators.connectionStrings.storage,
  AzureWebJobsStorage: emulators.connectionStrings.storage,
  ServiceBusConnection: emulators.connectionStrings.serviceBus,
};

let host: ChildProcess | undefined;
let restarts = 0;

/** Stops the running host (if any) and starts one from the last good compilation. */
async function restartHost(why: string): Promise<void> {
  const started = performance.now();
  if (host && host.exitCode === null) {
    const exited = once(host, 'exit');
    host.kill('SIGTERM');
    await exited;
  }
  const child = fork(join(OUT_DIR, 'src/local/start.js'), ['--no-emulators', '--port', args.port], {
    env: { ...process.env, ...settings },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  host = child;
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    console.log(line);
    const ready = /Ready at (\S+)/.exec(line);
    if (!ready?.[1]) return;
    log(
      `Host ${restarts++ === 0 ? 'started' : 'restarted'} (${why}) in ${Math.round(performance.now() - started)} ms.`,
    );
    writeRunningSettings({
      pid: process.pid,
      startedAt: new Date().toISOString(),
      url: ready[1],
      ports: emulators.ports,
      settings,
    });
  });
}

// The compiler, in watch mode: each "Found N errors" line ends a compilation.
const tsc = join(createRequire(import.meta.url).resolve('typescript/package.json'), '..', 'bin', 'tsc');
const compiler = spawn(
  process.execPath,
  [tsc, '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput', '--outDir', OUT_DIR],
  // Its own process group: the npm package's tsc starts the native compiler as a child, and both must stop.
  { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'], detached: true },
);
const stopCompiler = () => {
  try {
    if (compiler.pid !== undefined) process.kill(-compiler.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};
process.once('exit', stopCompiler);
createInterface({ input: compiler.stdout as NodeJS.ReadableStream }).on('line', (line) => {
  const found = /Found (\d+) errors?/.exec(line);
  if (!found) {
    if (line.trim()) console.log(`[tsc] ${line.replace(/^.*?- /, '')}`);
    return;
  }
  if (found[1] === '0') void restartHost(restarts === 0 ? 'first build' : 'code changed');
  else log(`${found[1]} compile error(s): the host keeps running the last good build.`);
});

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'rs') void restartHost('asked for');
});
log('Compiling in watch mode; the host starts once the first build is done. `rs` + Enter restarts it.');

async function stop(): Promise<void> {
  log('Stopping…');
  stopCompiler();
  if (host && host.exitCode === null) {
    host.kill('SIGTERM');
    await once(host, 'exit');
  }
  await emulators.stop();
  removeRunningSettings();
  process.exit(0);
}
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
