// Collects the function registrations that functions/*.js make through `app.http`, `app.timer`, … so the
// local host can serve exactly what Azure Functions would, from the same files. Outside the Functions
// host these calls would be no-ops ("test mode"); here they are captured while the modules load.

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app } from '@azure/functions';

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
  options: Record<string, unknown>;
  handler: Handler;
}

export interface Registrations {
  http: HttpRegistration[];
  triggers: TriggerRegistration[];
  appStart: (() => unknown)[];
}

type AnyOptions = Record<string, unknown> & { handler: Handler };

/** Azure's way to switch a function off: the app setting `AzureWebJobs.<name>.Disabled` = true (or 1). */
export function isDisabled(name: string, env: Record<string, string | undefined>): boolean {
  const value = env[`AzureWebJobs.${name}.Disabled`]?.trim().toLowerCase();
  return value === 'true' || value === '1';
}

export async function loadRegistrations(functionsDir: string): Promise<Registrations> {
  const found: Registrations = { http: [], triggers: [], appStart: [] };
  const target = app as unknown as Record<string, unknown>;
  const hook = app.hook as unknown as Record<string, unknown>;
  const savedAppStart = hook.appStart;
  const http = (name: string, options: AnyOptions, methods?: string[]) => {
    const route = String(options.route ?? name);
    const declared = (options.methods as string[] | undefined) ?? ['GET', 'POST'];
    found.http.push({
      name,
      route,
      methods: (methods ?? declared).map((m) => m.toUpperCase()),
      handler: options.handler,
    });
  };
  const trigger = (kind: TriggerRegistration['kind']) => (name: string, options: AnyOptions) => {
    found.triggers.push({ name, kind, options, handler: options.handler });
  };
  const replacements = {
    http: (name: string, options: AnyOptions) => http(name, options),
    get: (name: string, options: AnyOptions) => http(name, options, ['GET']),
    post: (name: string, options: AnyOptions) => http(name, options, ['POST']),
    put: (name: string, options: AnyOptions) => http(name, options, ['PUT']),
    patch: (name: string, options: AnyOptions) => http(name, options, ['PATCH']),
    deleteRequest: (name: string, options: AnyOptions) => http(name, options, ['DELETE']),
    timer: trigger('timer'),
    serviceBusTopic: trigger('serviceBusTopic'),
    serviceBusQueue: trigger('serviceBusQueue'),
  };
  const saved = Object.fromEntries(Object.keys(replacements).map((key) => [key, target[key]]));
  Object.assign(target, replacements);
  hook.appStart = (handler: () => unknown) => {
    found.appStart.push(handler);
    return { dispose: () => {} };
  };
  try {
    const files = (await readdir(functionsDir)).filter((file) => file.endsWith('.js')).sort();
    for (const file of files) await import(pathToFileURL(join(functionsDir, file)).href);
  } finally {
    Object.assign(target, saved);
    hook.appStart = savedAppStart;
  }
  return found;
}
