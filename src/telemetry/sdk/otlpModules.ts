// The OTLP exporters and the metrics SDK, gathered in one module that start.ts imports only with an endpoint.
export { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
export { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
export { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
