// `npm start`: runs the app locally. Starts the emulators (the emulators' CLI, as a child process), loads
// the function registrations from dist/functions (package.json `main`) and serves them on
// http://localhost:7071/api. Ctrl-C (or SIGTERM) stops everything.
//
//   npm start -- [--port 7071] [--persist .data/azurite] [--no-emulators] [--emulator-ports free]
//   npm start -- --emulators-only   (just the emulators, for `func start`; as `npm run emulators`)
//   npm start -- --package .deploy  (serve a staged deployment package instead: `npm run package` first)
import { relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { existingApplication, existingTelemetry, getApplication } from '../processApplication.js';
import { describeError } from '../shared/describeError.js';
import { type EmulatorProcess, startEmulatorProcess } from './emulatorProcess.js';
import { type RunningLocalHost, startLocalHost } from './host.js';
import {
  buildRoot,
  loadLocalSettings,
  projectRoot,
  RUNNING_SETTINGS_FILE,
  removeRunningSettings,
  writeRunningSettings,
} from './localSettings.js';
import { resolveSetting } from './triggers.js';

const STOP_DEADLINE_IN_MS = 4_500;

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '7071' },
    persist: { type: 'string' },
    'no-emulators': { type: 'boolean', default: false },
    'emulators-only': { type: 'boolean', default: false },
    /** `free` runs the emulators on unused ports (e.g. beside another running instance). */
    'emulator-ports': { type: 'string', default: 'default' },
    /** A package to serve (its package.json `main` and host.json) instead of this project's dist/functions. */
    package: { type: 'string' },
  },
});
// A staged package builds its own application (its own copy of the code); this process's is the project's.
const packageRoot = args.package === undefined ? projectRoot : resolve(args.package);
const ownApplication = args.package === undefined;

const log = (message: string) => console.log(`[local] ${message}`);
let starting: Promise<EmulatorProcess> | undefined;
let emulators: EmulatorProcess | undefined;
let host: RunningLocalHost | undefined;
let stopping = false;

async function main(): Promise<void> {
  loadLocalSettings();
  if (!args['no-emulators']) {
    starting = startEmulatorProcess({
      cliPath: `${buildRoot}emulators/cli.js`,
      ports: args['emulator-ports'] === 'free' ? 'free' : 'default',
      persistFolder: args.persist,
      entitiesFile: `${projectRoot}src/local/serviceBusEntities.json`,
      summary: args['emulators-only'],
      log,
    });
    emulators = await starting;
    void emulators.exited.then((code) => {
      if (stopping) return;
      console.error(`[local] The emulators stopped unexpectedly (exit code ${code}).`);
      void stop('Emulators gone', 1);
    });
    // The app settings that point the app at the emulators, as local.settings.json does for the default ports.
    const { storage, serviceBus } = emulators.connectionStrings;
    Object.assign(process.env, {
      AzureWebJobsStorage: storage,
      EventStorage: storage,
      ServiceBusConnection: serviceBus,
    });
  }
  if (args['emulators-only']) {
    recordSettings(undefined);
    const where =
      args['emulator-ports'] === 'free'
        ? 'They run on free ports: local.settings.json does not point at them; export the settings above for `func start`.'
        : 'local.settings.json points at them: run `func start` in another terminal.';
    log(`Emulators ready. ${where} Ctrl-C stops.`);
    return;
  }
  // Validates settings and the configuration map before serving anything.
  if (ownApplication) await getApplication();
  host = await startLocalHost({ packageRoot, port: Number(args.port), main: buildMain() });
  // The method guards (`…MethodNotAllowed`, 405 for the other methods of a route) would only repeat the routes.
  const routes = host.registrations.http.filter((fn) => !fn.name.endsWith('MethodNotAllowed'));
  log(`Functions: ${routes.map((fn) => `${fn.methods.join('|')} /${fn.route}`).join(', ')}`);
  for (const trigger of host.registrations.triggers)
    log(`Trigger: ${trigger.name} (${describeTrigger(trigger.options)})`);
  recordSettings(host.url);
  log(`Ready at ${host.url}`);
  log(
    `Explorer: ${host.url}/ui/  (the Diary sample: ${host.url}/ui/#/diary; the API: ${host.url}/openapi.json)`,
  );
  log(
    `Try:  curl -s -X POST ${host.url}/commands/bank.account/acc-1/open -H 'Content-Type: application/json' -d '{"owner":"Ada"}'`,
  );
  log('Press Ctrl-C to stop.');
}

/** Prints the settings other tools need and records them for the operator scripts (.data/local/running.json). */
/**
 * The function files to serve: this project's package.json `main` (dist/functions) normally, the same files of
 * the build this script runs from when that is another one (`npm run dev`'s dist-dev/), none for a --package.
 */
function buildMain(): string | undefined {
  if (!ownApplication) return undefined;
  const build = relative(projectRoot, buildRoot).split(sep).join('/');
  return build === 'dist' ? undefined : `${build}/functions/*.js`;
}

function recordSettings(url: string | undefined): void {
  if (!emulators) return;
  const settings = {
    EventStorage: process.env.EventStorage ?? '',
    AzureWebJobsStorage: process.env.AzureWebJobsStorage ?? '',
    ServiceBusConnection: process.env.ServiceBusConnection ?? '',
  };
  writeRunningSettings({
    pid: process.pid,
    startedAt: new Date().toISOString(),
    url,
    ports: emulators.ports,
    settings,
  });
  log(
    `Settings of this instance (npm run consume / rebuild / dead-letters find them in ${RUNNING_SETTINGS_FILE}):`,
  );
  for (const [name, value] of Object.entries(settings)) log(`  ${name}=${value}`);
}

function describeTrigger(options: Record<string, unknown>): string {
  const setting = (value: unknown) => resolveSetting(value, process.env);
  if (options.schedule) return `timer ${setting(options.schedule)}`;
  const entity = setting(options.topicName ?? options.queueName);
  return `Service Bus ${entity}${options.subscriptionName ? `/${setting(options.subscriptionName)}` : ''}`;
}

async function stop(signal: string, exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping…`);
  setTimeout(() => {
    console.error('[local] Could not stop everything in time; exiting anyway.');
    process.exit(1);
  }, STOP_DEADLINE_IN_MS).unref();
  await host?.close();
  if (ownApplication) await (await existingApplication()?.catch(() => undefined))?.close();
  // Spans still batched go to the OTLP endpoint (if any) before the process exits; one that is down is no reason
  // not to stop.
  await (await existingTelemetry()?.catch(() => undefined))
    ?.flush()
    .catch((error: unknown) => log(`Telemetry: the last spans were not exported (${describeError(error)}).`));
  // Emulators still starting are waited for, so that they too are stopped before we exit.
  await (await starting?.catch(() => undefined))?.stop();
  removeRunningSettings();
  log('Stopped.');
  process.exit(exitCode);
}

// `on`, not `once`: signal-exit (under proper-lockfile, loaded with the application after these listeners)
// re-raises a signal it finds no other listener for, which would kill the process mid-stop.
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

main().catch(async (error: unknown) => {
  if (stopping) return;
  console.error(`[local] Could not start: ${error instanceof Error ? error.message : String(error)}`);
  await host?.close();
  await emulators?.stop();
  process.exit(1);
});
