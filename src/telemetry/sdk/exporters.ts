// Which span processors and exporters start-up sets up, from the settings alone (so a test can prove what
// leaves the machine): the in-memory ring always (unless told to keep none), OTLP only with an endpoint,
// Application Insights only with its connection string. Nothing else, and nothing at all with tracing off.
import type { TelemetrySettings } from '../../config/telemetrySettings.js';

export type ExporterChoice =
  | { kind: 'memory'; tracesKept: number }
  | { kind: 'otlp'; endpoint: string }
  | { kind: 'azure-monitor'; connectionString: string; managedIdentityClientId?: string };

export function chooseExporters(settings: TelemetrySettings): ExporterChoice[] {
  if (!settings.tracing) return [];
  const choices: ExporterChoice[] = [];
  if (settings.tracesKept > 0) choices.push({ kind: 'memory', tracesKept: settings.tracesKept });
  if (settings.otlpEndpoint) choices.push({ kind: 'otlp', endpoint: settings.otlpEndpoint });
  if (settings.applicationInsights) choices.push({ kind: 'azure-monitor', ...settings.applicationInsights });
  return choices;
}
