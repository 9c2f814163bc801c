// `npm start`: runs the app locally. Starts the emulators (the emulators' CLI, as a child process), loads
// the function registrations from dist/functions and serves them on http://localhost:7071/api. Ctrl-C (or
// SIGTERM) stops everything.
//
//   npm start -- [--port 7071] [--persist .data/azurite] [--no-emulators] [--emulator-ports free]
//   npm start -- --emulators-only   (just the emulators, for `func start`; as `npm run emulators`)
import { parseArgs } from 'node:util';
import { getApplication } from '../application.js';
import { type EmulatorProcess, startEmulatorProcess } from './emulatorProcess.js';
import { type RunningLocalHost, startLocalHost } from './host.js';
import { loadLocalSettings, projectRoot } from './localSettings.js';
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
  },
});

const log = (message: string) => console.log(`[local] ${message}`);
let starting: Promise<EmulatorProcess> | undefined;
let emulators: EmulatorProcess | undefined;
let host: RunningLocalHost | undefined;
let stopping = false;

async function main(): Promise<void> {
  loadLocalSettings();
  if (!args['no-emulators']) {
    starting = startEmulatorProcess({
      cliPath: `${projectRoot}dist/emulators/cli.js`,
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
    log(
      'Emulators ready; local.settings.json points at them. Run `func start` in another terminal. Ctrl-C stops.',
    );
    return;
  }
  getApplication(); // validates settings and the configuration map before serving anything
  host = await startLocalHost({
    functionsDir: `${projectRoot}dist/functions`,
    hostJsonPath: `${projectRoot}host.json`,
    port: Number(args.port),
  });
  // The method guards (`…MethodNotAllowed`, 405 for the other methods of a route) would only repeat the routes.
  const routes = host.registrations.http.filter((fn) => !fn.name.endsWith('MethodNotAllowed'));
  log(`Functions: ${routes.map((fn) => `${fn.methods.join('|')} /${fn.route}`).join(', ')}`);
  for (const trigger of host.registrations.triggers)
    log(`Trigger: ${trigger.name} (${describeTrigger(trigger.options)})`);
  log(`Ready at ${host.url}`);
  log(
    `Explorer: ${host.url}/ui/  (the Diary sample: ${host.url}/ui/#/diary; the API: ${host.url}/openapi.json)`,
  );
  log(
    `Try:  curl -s -X POST ${host.url}/commands/bank.account/acc-1/open -H 'Content-Type: application/json' -d '{"owner":"Ada"}'`,
  );
  log('Press Ctrl-C to stop.');
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
  await getApplicationSafely()?.close();
  // Emulators still starting are waited for, so that they too are stopped before we exit.
  await (await starting?.catch(() => undefined))?.stop();
  log('Stopped.');
  process.exit(exitCode);
}

function getApplicationSafely() {
  try {
    return getApplication();
  } catch {
    return undefined;
  }
}

process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));

main().catch(async (error: unknown) => {
  if (stopping) return;
  console.error(`[local] Could not start: ${error instanceof Error ? error.message : String(error)}`);
  await host?.close();
  await emulators?.stop();
  process.exit(1);
});
