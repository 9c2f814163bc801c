// The telemetry settings, read at start-up (telemetry/sdk/start.ts) before the rest of the app's: whether traces
// are recorded, how many are kept in memory, and where they go. Nothing leaves the machine unless an exporter
// endpoint is set: Application Insights (in Azure) or an OTLP endpoint.
import { z } from 'zod';
import { ConfigurationError } from '../errors.js';
import { formatIssues } from './formatIssues.js';
import type { Environment } from './settings.js';

const blankIsUnset = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema);

const telemetrySchema = z.object({
  TelemetryTracing: blankIsUnset(z.enum(['on', 'off']).default('on')),
  TelemetryTracesKept: blankIsUnset(z.coerce.number().int().min(0).max(10_000).default(200)),
  OTEL_EXPORTER_OTLP_ENDPOINT: blankIsUnset(z.url({ protocol: /^https?$/ }).optional()),
  APPLICATIONINSIGHTS_CONNECTION_STRING: blankIsUnset(z.string().optional()),
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: blankIsUnset(z.string().optional()),
  AZURE_CLIENT_ID: blankIsUnset(z.string().optional()),
});

export interface TelemetrySettings {
  /** Record spans at all (`TelemetryTracing`, default on); off, the API's no-ops are all that runs. */
  tracing: boolean;
  /** The in-memory ring: how many recent traces `GET /api/diagnostics/traces` can show (0: none kept). */
  tracesKept: number;
  /** An OTLP/HTTP collector (`OTEL_EXPORTER_OTLP_ENDPOINT`), e.g. http://localhost:4318. */
  otlpEndpoint?: string;
  /** Application Insights, through the Azure Monitor OpenTelemetry exporter (sdk/azureMonitor.ts). */
  applicationInsights?: {
    connectionString: string;
    /** The user-assigned managed identity to authenticate with (local auth is off); absent: the default credential. */
    managedIdentityClientId?: string;
  };
}

export function loadTelemetrySettings(env: Environment): TelemetrySettings {
  const parsed = telemetrySchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigurationError(`Invalid app settings:\n${formatIssues(parsed.error.issues)}`);
  }
  const values = parsed.data;
  const connectionString = values.APPLICATIONINSIGHTS_CONNECTION_STRING;
  return {
    tracing: values.TelemetryTracing === 'on',
    tracesKept: values.TelemetryTracesKept,
    ...(values.OTEL_EXPORTER_OTLP_ENDPOINT && { otlpEndpoint: values.OTEL_EXPORTER_OTLP_ENDPOINT }),
    ...(connectionString && {
      applicationInsights: {
        connectionString,
        managedIdentityClientId:
          /(?:^|;)\s*ClientId=([^;]+)/i
            .exec(values.APPLICATIONINSIGHTS_AUTHENTICATION_STRING ?? '')?.[1]
            ?.trim() ?? values.AZURE_CLIENT_ID,
      },
    }),
  };
}
