// The settings the local host and the operator scripts (consume, rebuild, dead-letters) read, as Core Tools
// would, plus one source of local endpoints: `npm start` and `npm run emulators` record the settings of the
// instance they run (connection strings on whatever ports it got) in .data/local/running.json, and the
// scripts use them, so they reach an instance started with `--emulator-ports free` too.
// Precedence: real environment variables, then a file given with --settings, then the running instance's
// file (while its process lives), then local.settings.json `Values`.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, from <build>/src/local/ (compiled, e.g. dist/ or dist-dev/) or src/local/ (sources). */
export const projectRoot = fileURLToPath(
  new URL(import.meta.url.endsWith('.js') ? '../../../' : '../../', import.meta.url),
);

/** The compiled tree this module runs from (dist/ or `npm run dev`'s dist-dev/); the project root from sources. */
export const buildRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Where a running `npm start` / `npm run emulators` records its settings (`RUNNING_SETTINGS_FILE` moves it). */
export const RUNNING_SETTINGS_FILE =
  process.env.RUNNING_SETTINGS_FILE ?? `${projectRoot}.data/local/running.json`;

export interface RunningSettings {
  pid: number;
  startedAt: string;
  /** The local host's base URL (absent for emulators only). */
  url?: string;
  ports: Record<string, number>;
  /** App settings: EventStorage, AzureWebJobsStorage, ServiceBusConnection. */
  settings: Record<string, string>;
}

export interface LoadedSettings {
  /** Where the settings beyond the environment came from, for a line of output. */
  source: string;
}

export function loadLocalSettings(options: { settingsFile?: string } = {}): LoadedSettings {
  const sources: string[] = [];
  const running = options.settingsFile ? readSettingsFile(options.settingsFile) : runningInstance();
  if (options.settingsFile) sources.push(options.settingsFile);
  else if (running)
    sources.push(
      `the instance started ${running.startedAt} (pid ${running.pid}${running.url ? `, ${running.url}` : ''})`,
    );
  // A running instance's file holds `settings`; a local.settings.json-shaped file given with --settings, `Values`.
  const given = running as (RunningSettings & { Values?: Record<string, string> }) | undefined;
  for (const [name, value] of Object.entries(given?.settings ?? given?.Values ?? {}))
    process.env[name] ??= value;
  const path = `${projectRoot}local.settings.json`;
  if (existsSync(path)) {
    const { Values = {} } = JSON.parse(readFileSync(path, 'utf8')) as { Values?: Record<string, string> };
    for (const [name, value] of Object.entries(Values)) process.env[name] ??= value;
    sources.push('local.settings.json');
  }
  return { source: sources.join(', then ') || 'the environment' };
}

/** Records this instance's settings (replacing a stale file), so the operator scripts can find it. */
export function writeRunningSettings(running: RunningSettings, file = RUNNING_SETTINGS_FILE): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(running, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** Removes the file when it is this process's (another instance may have written it since). */
export function removeRunningSettings(pid = process.pid, file = RUNNING_SETTINGS_FILE): void {
  if (readSettingsFile(file, false)?.pid === pid) rmSync(file, { force: true });
}

/** The recorded instance, when its process still runs. */
function runningInstance(): RunningSettings | undefined {
  const running = readSettingsFile(RUNNING_SETTINGS_FILE, false);
  return running && isAlive(running.pid) ? running : undefined;
}

function readSettingsFile(file: string, required = true): RunningSettings | undefined {
  if (!existsSync(file)) {
    if (required) throw new Error(`The settings file ${file} does not exist.`);
    return undefined;
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunningSettings;
  } catch (error) {
    if (required) throw new Error(`The settings file ${file} is not valid JSON: ${(error as Error).message}`);
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
