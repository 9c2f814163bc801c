// Application Insights through the Azure Monitor OpenTelemetry exporter, authenticated with the app's managed
// identity (the resource has local authentication off, and the identity holds Monitoring Metrics Publisher):
// spans in batches and metrics every 60 s, through the same tracer and meter providers as OTLP. (The
// `@azure/monitor-opentelemetry` distro wraps this exporter with instrumentations that patch modules as Node loads
// them, which a bundle's inlined modules never are, and would take the deployment package past its 15 MiB budget:
// README, "Observability".) Imported only when
// APPLICATIONINSIGHTS_CONNECTION_STRING is set.
import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import { AzureMonitorMetricExporter, AzureMonitorTraceExporter } from '@azure/monitor-opentelemetry-exporter';
import { metrics } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ExporterChoice } from './exporters.js';

export function azureMonitorExport(
  choice: Extract<ExporterChoice, { kind: 'azure-monitor' }>,
  resource: Resource,
  stops: (() => Promise<void>)[],
): SpanProcessor[] {
  const credential = choice.managedIdentityClientId
    ? new ManagedIdentityCredential({ clientId: choice.managedIdentityClientId })
    : new DefaultAzureCredential();
  const options = { connectionString: choice.connectionString, credential };
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new AzureMonitorMetricExporter(options),
        exportIntervalMillis: 60_000,
      }),
    ],
  });
  metrics.setGlobalMeterProvider(meterProvider);
  stops.push(() => meterProvider.shutdown());
  return [new BatchSpanProcessor(new AzureMonitorTraceExporter(options))];
}
