// Discovers a package's functions as the Azure Functions host does: imports the files its package.json `main`
// names (the project's dist/functions/*.js, or a staged deployment package, bundled or not) and collects what
// they register through `@azure/functions-core` (functionsCore.ts), so the local host serves exactly what
// Azure would, from the same files.

import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CoreBinding, type CoreRegistration, captureFunctions } from './functionsCore.js';

type Handler = (trigger: unknown, context: never) => unknown;

export interface HttpRegistration {
  name: string;
  methods: string[];
  route: string;
  handler: Handler;
}

export interface TriggerRegistration {
  name: string;
  kind: 'timer' | 'serviceBusTopic' | 'serviceBusQueue';
  /** The trigger binding: `schedule`, or `connection`, `topicName`, `subscriptionName`, `queueName`. */
  options: Record<string, unknown>;
  handler: Handler;
}

export interface Registrations {
  http: HttpRegistration[];
  triggers: TriggerRegistration[];
  appStart: (() => unknown)[];
}

/** Azure's way to switch a function off: the app setting `AzureWebJobs.<name>.Disabled` = true (or 1). */
export function isDisabled(name: string, env: Record<string, string | undefined>): boolean {
  const value = env[`AzureWebJobs.${name}.Disabled`]?.trim().toLowerCase();
  return value === 'true' || value === '1';
}

/**
 * The files the host imports: package.json `main`, a file or a `*` pattern in its last segment
 * (`dist/functions/*.js`), relative to the package's root; sorted.
 */
export async function mainFiles(packageRoot: string, override?: string): Promise<string[]> {
  const main =
    override ??
    (JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')) as { main?: string }).main;
  if (!main)
    throw new Error(
      `${join(packageRoot, 'package.json')} names no "main": the host would find no functions.`,
    );
  if (!main.includes('*')) return [join(packageRoot, main)];
  const folder = join(packageRoot, dirname(main));
  const pattern = main.slice(main.lastIndexOf('/') + 1);
  if (pattern === main || dirname(main).includes('*'))
    throw new Error(`package.json "main" ${main}: only the file name may hold a "*".`);
  const matches = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('[^/]*')}$`);
  const files = (await readdir(folder)).filter((file) => matches.test(file)).sort();
  if (files.length === 0) throw new Error(`package.json "main" ${main} matches no file in ${packageRoot}.`);
  return files.map((file) => join(folder, file));
}

/** Imports the package's `main` files and returns what they registered. */
export async function loadRegistrations(packageRoot: string, main?: string): Promise<Registrations> {
  const files = await mainFiles(packageRoot, main);
  const captured = await captureFunctions(async () => {
    for (const file of files) await import(pathToFileURL(file).href);
  });
  if (captured.functions.length === 0) {
    const names = files.map((file) => relative(packageRoot, file)).join(', ');
    throw new Error(
      `${names} registered no function through @azure/functions-core: @azure/functions ran in test mode.`,
    );
  }
  const found: Registrations = {
    http: [],
    triggers: [],
    appStart: captured.hooks
      .filter(({ name }) => name === 'appStart')
      .map(
        ({ callback }) =>
          () =>
            callback({ hookData: {}, functionAppDirectory: packageRoot }),
      ),
  };
  for (const registration of captured.functions) addRegistration(found, registration);
  return found;
}

function addRegistration(found: Registrations, { name, bindings, handler }: CoreRegistration): void {
  const trigger = Object.values(bindings).find((binding) => binding.type.endsWith('Trigger'));
  const call = handler as unknown as Handler;
  if (trigger?.type === 'httpTrigger') {
    const methods = (trigger.methods as string[] | undefined) ?? ['GET', 'POST'];
    const route = String(trigger.route ?? name);
    found.http.push({ name, route, methods: methods.map((m) => m.toUpperCase()), handler: call });
  } else if (trigger?.type === 'timerTrigger') {
    found.triggers.push({ name, kind: 'timer', options: trigger, handler: call });
  } else if (trigger?.type === 'serviceBusTrigger') {
    const kind = trigger.topicName === undefined ? 'serviceBusQueue' : 'serviceBusTopic';
    found.triggers.push({ name, kind, options: trigger, handler: call });
  } else {
    throw new Error(`${name}: the local host runs no ${describe(trigger)} functions.`);
  }
}

function describe(trigger: CoreBinding | undefined): string {
  return trigger ? `"${trigger.type}"` : 'trigger-less';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
