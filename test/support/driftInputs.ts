// The drift checker's inputs, read from the repository (the global setup has just built dist/, so the
// registrations are today's), and the helpers the drift tests mutate them with.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app } from '@azure/functions';
import { SETTING_NAMES } from '../../src/config/settings.js';
import { aggregates } from '../../src/domain/aggregates.js';
import { SUBSCRIPTION_RULE_NAME, subscriptionFilter } from '../../src/messaging/eventMessage.js';
import { SERVICE_BUS_CONNECTION } from '../../src/messaging/index.js';
import { instanceType, workflowDefinitions } from '../../src/workflows/index.js';
import { workflowsSubscriptionFilter } from '../../src/workflows/subscription.js';
import { checkDrift, type DriftInputs, type Registration } from './drift.js';

export const FUNCTION_APP = 'modules/functionApp.bicep';

const root = fileURLToPath(new URL('../..', import.meta.url));
export async function loadDriftInputs(): Promise<DriftInputs> {
  const text = (path: string) => readFile(join(root, path), 'utf8');
  const json = async (path: string) => JSON.parse(await text(path));
  const modules = (await readdir(join(root, 'infra/modules'))).filter((file) => file.endsWith('.bicep'));
  const infra: Record<string, string> = {};
  for (const path of ['main.bicep', 'main.parameters.json', ...modules.map((file) => `modules/${file}`)]) {
    infra[path] = await text(`infra/${path}`);
  }
  const localSettings = await json('local.settings.json');
  const workflows = localSettings.Values?.WorkflowsSubscriptionName ?? 'workflows';
  return {
    subscriptionRule: { name: SUBSCRIPTION_RULE_NAME, filter: subscriptionFilter },
    settingNames: SETTING_NAMES,
    serviceBusConnection: SERVICE_BUS_CONNECTION,
    // Workflow instances are streams of their own types, stored like any aggregate's.
    aggregateTypes: [...aggregates.map(({ type }) => type), ...workflowDefinitions().map(instanceType)],
    configurationMap: await json('src/config/configurationMap.json'),
    // The global setup has just built dist/, so these are today's registrations.
    registrations: await captureRegistrations(join(root, 'dist/functions')),
    hostJson: await json('host.json'),
    localSettings,
    serviceBusEntities: await json('src/local/serviceBusEntities.json'),
    subscriptionFilters: {
      WorkflowsSubscriptionName: workflowsSubscriptionFilter(workflows, workflowDefinitions()),
    },
    infra,
  };
}

/** Every `app.<kind>(name, options)` call the compiled functions make, with all its options (auth levels too). */
async function captureRegistrations(functionsDir: string): Promise<Registration[]> {
  const found: Registration[] = [];
  const target = app as unknown as Record<string, unknown>;
  const hooks = app.hook as unknown as Record<string, unknown>;
  const kinds = Object.keys(target).filter((key) => key !== 'hook' && key !== 'setup');
  const [saved, savedHooks] = [Object.fromEntries(kinds.map((kind) => [kind, target[kind]])), { ...hooks }];
  for (const kind of kinds) {
    target[kind] = (name: string, options: Registration['options']) => found.push({ kind, name, options });
  }
  for (const hook of Object.keys(hooks)) hooks[hook] = () => ({ dispose: () => {} });
  try {
    const files = (await readdir(functionsDir)).filter((file) => file.endsWith('.js')).sort();
    for (const file of files) await import(pathToFileURL(join(functionsDir, file)).href);
  } finally {
    Object.assign(target, saved);
    Object.assign(hooks, savedHooks);
  }
  return found;
}

/** The checker's findings on a copy of the inputs that `change` altered. */
export function driftAfter(inputs: DriftInputs, change: (copy: DriftInputs) => void): string[] {
  const { registrations, subscriptionRule, ...data } = inputs;
  const copy: DriftInputs = {
    ...structuredClone(data),
    subscriptionRule,
    registrations: registrations.map((registration) => ({
      ...registration,
      options: { ...registration.options },
    })),
  };
  change(copy);
  return checkDrift(copy);
}

export function editInfra(copy: DriftInputs, path: string, from: string, to: string): void {
  const text = copy.infra[path] ?? '';
  if (!text.includes(from)) throw new Error(`infra/${path} does not contain ${from}`);
  copy.infra[path] = text.replace(from, to);
}

export function localTopic(copy: DriftInputs) {
  const topic = copy.serviceBusEntities.topics.find(({ name }) => name === 'events');
  if (!topic) throw new Error('no local topic "events"');
  return topic;
}
