// The process-wide application that functions/ use, built on the first request that needs it. The composition
// root (and with it the Azure SDKs, the domain's schemas and the settings) is imported then, not when the
// Functions host imports functions/*.js to discover them, so a cold start pays for it once, on first use.
// Telemetry (the OpenTelemetry SDK, telemetry/sdk/start.ts) is set up just before, the same way.
import type { Application } from './application.js';
import { loadTelemetrySettings } from './config/telemetrySettings.js';
import type { Telemetry } from './telemetry/sdk/start.js';

let current: Promise<Application> | undefined;
let telemetry: Promise<Telemetry> | undefined;

/** The process's telemetry, set up once from the app settings (before the first span the process records). */
export function getTelemetry(): Promise<Telemetry> {
  if (!telemetry) {
    const starting = Promise.resolve()
      .then(() => loadTelemetrySettings(process.env))
      .then(async (settings) => (await import('./telemetry/sdk/start.js')).startTelemetry(settings));
    telemetry = starting;
    starting.catch(() => {
      if (telemetry === starting) telemetry = undefined;
    });
  }
  return telemetry;
}

/** The process-wide application, created once from the app settings; concurrent first requests share it. */
export function getApplication(): Promise<Application> {
  if (!current) {
    const creating = getTelemetry()
      .then(() => import('./application.js'))
      .then(({ createApplication }) => createApplication());
    current = creating;
    // A bad setting fails every request with its message until it is fixed: a failure is not kept.
    creating.catch(() => {
      if (current === creating) current = undefined;
    });
  }
  return current;
}

/** The process's telemetry if it was set up, without setting it up (e.g. to flush it on shutdown). */
export function existingTelemetry(): Promise<Telemetry> | undefined {
  return telemetry;
}

/** The process-wide application if one was created, without creating it (e.g. to close it on shutdown). */
export function existingApplication(): Promise<Application> | undefined {
  return current;
}

/** Replaces (or with `undefined`, resets) the process-wide application; for tests and the local host. */
export function setApplication(application: Application | undefined): void {
  current = application && Promise.resolve(application);
}
