// Sets up the OpenTelemetry SDK once per process, from the telemetry settings: a tracer provider with the
// processors exporters.ts chooses, registered globally with the async-hooks context manager and the W3C
// propagator. The exporters that send anything anywhere (OTLP, Azure Monitor) are imported only when
// configured, so neither the bundle's start-up nor a local run loads them. Imported lazily itself, on the first
// request (src/processApplication.ts).
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { TelemetrySettings } from '../../config/telemetrySettings.js';
import { chooseExporters, type ExporterChoice } from './exporters.js';
import { TraceRing } from './traceRing.js';

export interface Telemetry {
  settings: TelemetrySettings;
  /** What was set up, e.g. `['memory']` on a laptop without an endpoint. */
  exporters: ExporterChoice['kind'][];
  /** The last traces, when kept in memory. */
  ring?: TraceRing;
  /** Exports whatever is buffered (e.g. before a process exits). */
  flush(): Promise<void>;
}

let started: { telemetry: Promise<Telemetry>; stop: () => Promise<void> } | undefined;

/**
 * The process's telemetry, set up on the first call (later calls get the same, whatever settings they pass). The
 * caller validates the settings (config/telemetrySettings.ts), which keeps the schema library out of this module.
 */
export function startTelemetry(settings: TelemetrySettings): Promise<Telemetry> {
  if (!started) {
    const stops: (() => Promise<void>)[] = [];
    const telemetry = setUp(settings, stops);
    started = {
      telemetry,
      stop: async () => {
        await telemetry.catch(() => undefined);
        await Promise.all(stops.map((stop) => stop()));
      },
    };
  }
  return started.telemetry;
}

/** Shuts the SDK down and unregisters it, so a later startTelemetry starts afresh (the benchmark, tests). */
export async function stopTelemetry(): Promise<void> {
  const current = started;
  started = undefined;
  await current?.stop();
  trace.disable();
  context.disable();
  propagation.disable();
  metrics.disable();
}

async function setUp(settings: TelemetrySettings, stops: (() => Promise<void>)[]): Promise<Telemetry> {
  const choices = chooseExporters(settings);
  const memory = choices.find((choice) => choice.kind === 'memory');
  const ring = memory && new TraceRing(memory.tracesKept);
  const processors: SpanProcessor[] = ring ? [ring] : [];
  const resource = resourceFromAttributes({ 'service.name': 'azure-event-sourcing' });
  const telemetry: Telemetry = {
    settings,
    exporters: choices.map((choice) => choice.kind),
    ...(ring && { ring }),
    flush: async () => {},
  };
  if (choices.length === 0) return telemetry;
  const otlp = choices.find((choice) => choice.kind === 'otlp');
  if (otlp) processors.push(...(await otlpExport(otlp.endpoint, resource, stops)));
  const azure = choices.find((choice) => choice.kind === 'azure-monitor');
  if (azure) {
    const { azureMonitorExport } = await import('./azureMonitor.js');
    processors.push(...azureMonitorExport(azure, resource, stops));
  }
  const provider = new NodeTracerProvider({ resource, spanProcessors: processors });
  provider.register();
  stops.push(() => provider.shutdown());
  return { ...telemetry, flush: () => provider.forceFlush() };
}

/** OTLP over HTTP (JSON) to `endpoint`: traces in batches, metrics every 30 s. */
async function otlpExport(
  endpoint: string,
  resource: ReturnType<typeof resourceFromAttributes>,
  stops: (() => Promise<void>)[],
): Promise<SpanProcessor[]> {
  const base = endpoint.replace(/\/+$/, '');
  // One lazy module for all of them: evaluated only with an endpoint (the bundle holds it in the SDK's one file).
  const { OTLPTraceExporter, OTLPMetricExporter, MeterProvider, PeriodicExportingMetricReader } =
    await import('./otlpModules.js');
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${base}/v1/metrics` }),
        exportIntervalMillis: 30_000,
      }),
    ],
  });
  metrics.setGlobalMeterProvider(meterProvider);
  stops.push(() => meterProvider.shutdown());
  return [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${base}/v1/traces` }))];
}
