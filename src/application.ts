// The composition root: settings, stores and the command pipeline, built once per process. The functions
// in functions/ reach everything through getApplication(); tests build their own with createApplication().
import { CommandHandler } from './commands/commandHandler.js';
import { CommandRegistry } from './commands/registry.js';
import { type Environment, loadSettings, type Settings } from './config/settings.js';
import { aggregates } from './domain/aggregates.js';
import type { AggregateDefinition } from './domain/decider.js';
import { createMessaging, type Messaging } from './messaging/index.js';
import { createProjections, type Projections } from './projections/index.js';
import { EventStores } from './stores/eventStores.js';

export interface Application {
  settings: Settings;
  registry: CommandRegistry;
  stores: EventStores;
  commands: CommandHandler;
  messaging: Messaging;
  projections: Projections;
  close(): Promise<void>;
}

export interface CreateApplicationOptions {
  env?: Environment;
  aggregates?: readonly AggregateDefinition[];
}

export function createApplication(options: CreateApplicationOptions = {}): Application {
  const registry = new CommandRegistry();
  for (const aggregate of options.aggregates ?? aggregates) registry.register(aggregate);
  const settings = loadSettings(options.env ?? process.env, registry.aggregateTypes());
  const stores = new EventStores(settings.configurationMap, settings.env);
  const messaging = createMessaging(settings, stores);
  const projections = createProjections({
    map: settings.configurationMap,
    env: settings.env,
    registry,
    stores,
  });
  const commands = new CommandHandler({
    registry,
    storageFor: (aggregateType) => stores.storageFor(aggregateType),
    retryLimit: settings.commandRetryLimit,
    publication: messaging.publication,
  });
  const close = async () => {
    await commands.snapshots.flush();
    await messaging.close();
    await stores.close();
  };
  return { settings, registry, stores, commands, messaging, projections, close };
}

let current: Application | undefined;

/** The process-wide application, created on first use from the app settings. */
export function getApplication(): Application {
  current ??= createApplication();
  return current;
}

/** Replaces (or with `undefined`, resets) the process-wide application; for tests and the local host. */
export function setApplication(application: Application | undefined): void {
  current = application;
}
