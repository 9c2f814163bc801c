// `npm start`: runs the app locally. Starts the emulators, loads the function registrations from
// dist/functions and serves them on http://localhost:7071/api. Ctrl-C (or SIGTERM) stops everything.
//
//   npm start -- [--port 7071] [--persist .data/azurite] [--no-emulators] [--emulator-ports free]
//   npm run emulators   (= --emulators-only: just the emulators, for `func start` with Core Tools)
import { parseArgs } from 'node:util';
import { DEFAULT_EMULATOR_PORTS, type RunningEmulators, startEmulators } from '../../emulators/start.js';
import { getApplication } from '../application.js';
import { type RunningLocalHost, startLocalHost } from './host.js';
import { loadLocalSettings, projectRoot } from './localSettings.js';
import serviceBusEntities from './serviceBusEntities.json' with { type: 'json' };
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
let emulators: RunningEmulators | undefined;
let host: RunningLocalHost | undefined;

async function main(): Promise<void> {
  loadLocalSettings();
  if (!args['no-emulators']) {
    emulators = await startEmulators({
      ports: args['emulator-ports'] === 'free' ? 'free' : DEFAULT_EMULATOR_PORTS,
      persistFolder: args.persist,
      serviceBusEntities,
      onProgress: log,
    });
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
  log(`Functions: ${host.registrations.http.map((fn) => `${fn.methods.join('|')} /${fn.route}`).join(', ')}`);
  for (const trigger of host.registrations.triggers)
    log(`Trigger: ${trigger.name} (${describeTrigger(trigger.options)})`);
  log(`Ready at ${host.url}`);
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

async function stop(signal: string): Promise<void> {
  log(`${signal}: stopping…`);
  setTimeout(() => {
    console.error('[local] Could not stop everything in time; exiting anyway.');
    process.exit(1);
  }, STOP_DEADLINE_IN_MS).unref();
  await host?.close();
  await getApplicationSafely()?.close();
  await emulators?.stop();
  log('Stopped.');
  process.exit(0);
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
  console.error(`[local] Could not start: ${error instanceof Error ? error.message : String(error)}`);
  await host?.close();
  await emulators?.stop();
  process.exit(1);
});
