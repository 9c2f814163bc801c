// The local host: loads a package's functions like the Azure Functions host (the files its package.json `main`
// names), runs their app-start hooks, serves their HTTP registrations on one port and runs their timer and
// Service Bus triggers.
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { createFunctionsHttpServer } from './httpServer.js';
import { assertPortFree } from './ports.js';
import { isDisabled, loadRegistrations, type Registrations } from './registrations.js';
import { requestBodyLimit } from './requestLimits.js';
import { startTriggers } from './triggers.js';

export interface LocalHostOptions {
  /** The package's root: its package.json names the function files, its host.json the route prefix. */
  packageRoot: string;
  /** Function files to load instead of package.json's `main` (a path or `folder/*.js`, from the root). */
  main?: string;
  /** 0 picks a free port. */
  port: number;
  hostname?: string;
  /** Run timer and Service Bus triggers too (default true). */
  triggers?: boolean;
  log?: (message: string) => void;
}

export interface RunningLocalHost {
  /** Base URL including the route prefix, e.g. http://localhost:7071/api */
  url: string;
  port: number;
  registrations: Registrations;
  close(): Promise<void>;
}

export async function startLocalHost(options: LocalHostOptions): Promise<RunningLocalHost> {
  const hostname = options.hostname ?? '127.0.0.1';
  if (options.port !== 0) await assertPortFree(options.port, 'local Functions host HTTP', hostname);
  const hostJson = await readHostJson(join(options.packageRoot, 'host.json'));
  const routePrefix = (hostJson.extensions?.http?.routePrefix ?? 'api').replace(/^\/|\/$/g, '');
  const loaded = await loadRegistrations(options.packageRoot, options.main);
  // Functions switched off with `AzureWebJobs.<name>.Disabled`, as the Functions host honours it.
  const registrations = {
    ...loaded,
    http: loaded.http.filter((fn) => !isDisabled(fn.name, process.env)),
    triggers: loaded.triggers.filter((fn) => !isDisabled(fn.name, process.env)),
  };
  for (const hook of registrations.appStart) await hook();
  const server = createFunctionsHttpServer(registrations.http, {
    routePrefix,
    maxRequestBodyBytes: requestBodyLimit(process.env),
  });
  const port = await listen(server, options.port, hostname);
  const triggers =
    options.triggers === false
      ? undefined
      : startTriggers(registrations.triggers, {
          env: process.env,
          maxConcurrentCalls: hostJson.extensions?.serviceBus?.maxConcurrentCalls ?? 16,
          log: options.log ?? ((message) => console.warn(`[local] ${message}`)),
        });
  const prefix = routePrefix ? `/${routePrefix}` : '';
  return {
    url: `http://localhost:${port}${prefix}`,
    port,
    registrations,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await triggers?.close();
    },
  };
}

interface HostJson {
  extensions?: { http?: { routePrefix?: string }; serviceBus?: { maxConcurrentCalls?: number } };
}

async function readHostJson(hostJsonPath: string): Promise<HostJson> {
  return JSON.parse(await readFile(hostJsonPath, 'utf8')) as HostJson;
}

function listen(server: Server, port: number, hostname: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${port} (local Functions host HTTP) is already in use.`)
          : error,
      ),
    );
    server.listen(port, hostname, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
