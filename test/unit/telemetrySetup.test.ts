// No telemetry leaves the machine unless an exporter endpoint is configured: the set-up chooses its exporters
// from the settings alone, and without an endpoint the only one is the in-memory ring.

import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { loadTelemetrySettings } from '../../src/config/telemetrySettings.js';
import { chooseExporters } from '../../src/telemetry/sdk/exporters.js';
import { contextFromTraceparent, traceIdOf, traceparentOf } from '../../src/telemetry/tracing.js';

const choose = (env: Record<string, string>) => chooseExporters(loadTelemetrySettings(env));

describe('choosing exporters', () => {
  it('keeps traces in memory only, when no endpoint is set', () => {
    expect(choose({})).toEqual([{ kind: 'memory', tracesKept: 200 }]);
    expect(choose({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ', APPLICATIONINSIGHTS_CONNECTION_STRING: '' })).toEqual([
      { kind: 'memory', tracesKept: 200 },
    ]);
  });

  it('exports OTLP only to the endpoint configured', () => {
    expect(
      choose({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318', TelemetryTracesKept: '0' }),
    ).toEqual([{ kind: 'otlp', endpoint: 'http://localhost:4318' }]);
  });

  it('sends to Application Insights with the managed identity named in the authentication string', () => {
    const connectionString = 'InstrumentationKey=00000000-0000-0000-0000-000000000000';
    expect(
      choose({
        APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString,
        APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=abc-123;Authorization=AAD',
      }),
    ).toEqual([
      { kind: 'memory', tracesKept: 200 },
      { kind: 'azure-monitor', connectionString, managedIdentityClientId: 'abc-123' },
    ]);
  });

  it('sets up nothing with tracing off', () => {
    expect(choose({ TelemetryTracing: 'off', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual(
      [],
    );
  });

  it('refuses a bad setting, naming it', () => {
    expect(() => choose({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
    expect(() => choose({ TelemetryTracing: 'yes' })).toThrow(/TelemetryTracing/);
  });
});

describe('the trace context in message properties', () => {
  const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

  it('reads traceparent, or Diagnostic-Id, and ignores anything malformed', () => {
    expect(traceparentOf({ traceparent })).toBe(traceparent);
    expect(traceparentOf({ 'Diagnostic-Id': traceparent })).toBe(traceparent);
    expect(traceparentOf({ traceparent: 'garbage' })).toBeUndefined();
    expect(traceparentOf(undefined)).toBeUndefined();
    expect(traceIdOf(traceparent)).toBe('0af7651916cd43dd8448eb211c80319c');
  });

  it('continues a remote parent, and starts a new trace without one', () => {
    const span = trace.getSpanContext(contextFromTraceparent(traceparent));
    expect(span).toMatchObject({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      isRemote: true,
    });
    expect(
      trace.getSpanContext(contextFromTraceparent('00-00000000000000000000000000000000-b7ad6b7169203331-01')),
    ).toBeUndefined();
  });
});
