// The Azure SDKs' own spans (a Table or Blob operation and each HTTP try under it, a Service Bus send) in the
// app's traces: an `Instrumenter` for @azure/core-tracing over the OpenTelemetry API, installed once with
// `useInstrumenter`. It does what @azure/opentelemetry-instrumentation-azure-sdk does, without its way in: that
// package installs its instrumenter when Node loads @azure/core-tracing through `require`, which the bundle's
// inlined copy never is. Without an SDK registered (TelemetryTracing=off) the spans are the API's no-ops, which
// the SDKs see as not recording and skip.
import {
  type Instrumenter,
  type InstrumenterSpanOptions,
  type TracingContext,
  type TracingSpan,
  type TracingSpanKind,
  useInstrumenter,
} from '@azure/core-tracing';
import {
  type Attributes,
  type AttributeValue,
  type Context,
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

const KINDS: Record<TracingSpanKind, SpanKind> = {
  client: SpanKind.CLIENT,
  server: SpanKind.SERVER,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
  internal: SpanKind.INTERNAL,
};

let installed = false;

/** Routes the Azure SDKs' spans to the OpenTelemetry API, once per process. */
export function traceAzureSdks(): void {
  if (installed) return;
  installed = true;
  useInstrumenter(azureSdkInstrumenter);
}

export const azureSdkInstrumenter: Instrumenter = {
  startSpan(name: string, options: InstrumenterSpanOptions) {
    const parent = (options.tracingContext as Context | undefined) ?? context.active();
    const span = trace.getTracer(options.packageName, options.packageVersion).startSpan(
      name,
      {
        kind: KINDS[options.spanKind ?? 'internal'],
        attributes: attributesOf(options.spanAttributes),
        links: (options.spanLinks ?? []).flatMap(({ tracingContext, attributes }) => {
          const linked = trace.getSpanContext(tracingContext as Context);
          return linked ? [{ context: linked, attributes: attributesOf(attributes) }] : [];
        }),
      },
      parent,
    );
    return { span: tracingSpan(span), tracingContext: trace.setSpan(parent, span) };
  },
  withContext(tracingContext, callback, ...callbackArgs) {
    return context.with(tracingContext as Context, callback, undefined, ...callbackArgs);
  },
  parseTraceparentHeader(traceparent: string): TracingContext {
    return propagation.extract(ROOT_CONTEXT, { traceparent }, defaultTextMapGetter);
  },
  createRequestHeaders(tracingContext?: TracingContext): Record<string, string> {
    const headers: Record<string, string> = {};
    propagation.inject(
      (tracingContext as Context | undefined) ?? context.active(),
      headers,
      defaultTextMapSetter,
    );
    return headers;
  },
};

function tracingSpan(span: Span): TracingSpan {
  return {
    setStatus: (status) =>
      status.status === 'success'
        ? span.setStatus({ code: SpanStatusCode.OK })
        : span.setStatus({ code: SpanStatusCode.ERROR, message: String(status.error ?? '') }),
    setAttribute: (name, value) => {
      if (isAttributeValue(value)) span.setAttribute(name, value);
    },
    end: () => span.end(),
    recordException: (exception) => span.recordException(exception),
    isRecording: () => span.isRecording(),
    addEvent: (name, options) => {
      span.addEvent(name, attributesOf(options?.attributes), options?.startTime);
    },
  };
}

function attributesOf(values: Record<string, unknown> | undefined): Attributes {
  const attributes: Attributes = {};
  for (const [name, value] of Object.entries(values ?? {}))
    if (isAttributeValue(value)) attributes[name] = value;
  return attributes;
}

function isAttributeValue(value: unknown): value is AttributeValue {
  return ['string', 'number', 'boolean'].includes(typeof value) || Array.isArray(value);
}
