// Cold start (issue 18): the deployment package before and after the bundle, staged side by side in one run.
// Before: `npm run package -- --unbundled` (the compiled files and `npm ci --omit=dev`, as the package was
// staged before the bundle); after: `npm run package` (the esbuild bundle). For each: size and file count; the
// time to import every function entry point in a fresh Node process, as the Functions host does when an
// instance starts (importPackage.ts; the unbundled package also as it was deployed before start-up was lazy,
// with the composition root imported at start-up); and the time from starting the local host on the staged
// folder to its first served command.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { stageBundled, stageUnbundled } from '../scripts/stage.js';
import { projectRoot } from '../src/local/localSettings.js';
import { type BenchEnvironment, configurationMapFor } from './environment.js';
import { startBenchHost } from './hostProcess.js';
import { benchApplication, deposit } from './ours.js';
import type { Sizes } from './sizes.js';
import { type LatencySummary, summarize } from './stats.js';

const run = promisify(execFile);
const importScript = fileURLToPath(new URL('./importPackage.js', import.meta.url));

export interface PackageFigures {
  files: number;
  megabytes: number;
}

export interface FirstCommandFigures {
  /** From spawning the local host on the package to its "Ready". */
  ready: LatencySummary;
  /** From spawning it to the 200 of its first command (the composition root is built on that command). */
  firstCommand: LatencySummary;
}

export interface ColdStartResult {
  package: { before: PackageFigures; after: PackageFigures };
  /** Import of every entry point in a fresh process: before as deployed (eager), before's files with today's lazy code, after. */
  importAll: { beforeEager: LatencySummary; beforeLazy: LatencySummary; after: LatencySummary };
  firstCommand: { before: FirstCommandFigures; after: FirstCommandFigures };
}

export async function measureColdStart(
  environment: BenchEnvironment,
  folder: string,
  sizes: Sizes,
  log: (message: string) => void,
): Promise<ColdStartResult> {
  log('Cold start: staging the unbundled package (npm ci --omit=dev) and the bundle…');
  const before = stageUnbundled(projectRoot, join(folder, 'unbundled'));
  const after = await stageBundled(projectRoot, join(folder, 'bundled'));
  const figures = ({ files, bytes }: { files: string[]; bytes: number }) => ({
    files: files.length,
    megabytes: Math.round((bytes / 1024 / 1024) * 10) / 10,
  });
  log(`Cold start: importing every entry point, ${sizes.importRuns} fresh processes per package…`);
  // Interleaved, so that whatever else the machine does weighs on every package alike.
  const imports = { beforeEager: [] as number[], beforeLazy: [] as number[], after: [] as number[] };
  for (let index = 0; index < sizes.importRuns; index++) {
    imports.beforeEager.push(await importTime(before.folder, ['--eager']));
    imports.beforeLazy.push(await importTime(before.folder));
    imports.after.push(await importTime(after.folder));
  }
  log(`Cold start: first command through the local host, ${sizes.firstCommandRuns} start(s) per package…`);
  const map = configurationMapFor('table', join(folder, 'data'));
  const env = {
    ...environment.settings,
    ConfigurationMap: map,
    'AzureWebJobs.runProjections.Disabled': 'true',
  };
  // The tables a first command would create on first use, created once beforehand, untimed.
  const warmUp = benchApplication(environment.settings, map);
  await warmUp.commands.handle({
    ...deposit(`cold-warm-up-${Date.now()}`),
    commandName: 'open',
    payload: OWNER,
  });
  await warmUp.close();
  const firsts = { before: [] as FirstCommandSample[], after: [] as FirstCommandSample[] };
  for (let index = 0; index < sizes.firstCommandRuns; index++) {
    firsts.before.push(await firstCommand(before.folder, env));
    firsts.after.push(await firstCommand(after.folder, env));
  }
  return {
    package: { before: figures(before), after: figures(after) },
    importAll: {
      beforeEager: summarize(imports.beforeEager),
      beforeLazy: summarize(imports.beforeLazy),
      after: summarize(imports.after),
    },
    firstCommand: { before: summarizeFirst(firsts.before), after: summarizeFirst(firsts.after) },
  };
}

interface FirstCommandSample {
  ready: number;
  firstCommand: number;
}

const OWNER = { owner: 'Ada' };

function summarizeFirst(samples: FirstCommandSample[]): FirstCommandFigures {
  return {
    ready: summarize(samples.map(({ ready }) => ready)),
    firstCommand: summarize(samples.map(({ firstCommand }) => firstCommand)),
  };
}

async function importTime(packageFolder: string, args: string[] = []): Promise<number> {
  const { stdout } = await run(process.execPath, [importScript, packageFolder, ...args]);
  const { importInMs, functions } = JSON.parse(stdout) as { importInMs: number; functions: number };
  if (functions === 0) throw new Error(`${packageFolder}: no function registered`);
  return importInMs;
}

async function firstCommand(packageFolder: string, env: Record<string, string>): Promise<FirstCommandSample> {
  const started = performance.now();
  const host = await startBenchHost(env, ['--package', packageFolder]);
  const ready = performance.now() - started;
  try {
    const response = await fetch(`${host.url}/commands/bank.account/cold-${Date.now()}/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(OWNER),
    });
    if (response.status !== 200)
      throw new Error(`first command: ${response.status} ${await response.text()}`);
    return { ready, firstCommand: performance.now() - started };
  } finally {
    await host.stop();
  }
}
