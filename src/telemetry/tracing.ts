// Tracing through the OpenTelemetry API alone: the layers above create spans and carry the W3C trace context;
// which SDK records them, and where they go, is chosen at start-up (sdk/start.ts). Without an SDK every call
// here is a no-op, so a test or script that sets none up pays nothing.
import {
  type Attributes,
  type Context,
  context,
  INVALID_SPAN_CONTEXT,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';

export { SpanKind } from '@opentelemetry/api';

/** Span attribute names of this app (the `app.` prefix keeps them apart from the semantic conventions). */
export const ATTRIBUTES = {
  correlationId: 'app.correlation_id',
  aggregateType: 'app.aggregate_type',
  aggregateId: 'app.aggregate_id',
  commandName: 'app.command',
  version: 'app.version',
  outcome: 'app.outcome',
  conflicts: 'app.conflicts_retried',
  storeType: 'app.store.type',
  storeRequests: 'app.store.requests',
  events: 'app.events',
  eventId: 'app.event_id',
  eventType: 'app.event_type',
  projection: 'app.projection',
  lagInMs: 'app.lag_ms',
  workflow: 'app.workflow',
  errorCode: 'app.error_code',
} as const;

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The parent; default: the active context. */
  parent?: Context;
}

const TRACER_NAME = 'azure-event-sourcing';
const NOT_RECORDING = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/**
 * The tracer of the SDK registered in this process, or none: without one, a span is not even started (the API's
 * no-op tracer still costs a context switch per span, a tenth of a command's CPU on the In-Memory store).
 */
function recordingTracer(): Tracer | undefined {
  const provider = trace.getTracerProvider();
  return provider instanceof ProxyTracerProvider
    ? provider.getDelegateTracer(TRACER_NAME)
    : provider.getTracer(TRACER_NAME);
}

/** Runs `work` in a new active span, ends it, and marks it failed when `work` throws a server-side error. */
export async function inSpan<T>(
  name: string,
  options: SpanOptions,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const tracer = recordingTracer();
  if (!tracer) return work(NOT_RECORDING);
  const parent = options.parent ?? context.active();
  return tracer.startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
    parent,
    async (span) => {
      try {
        return await work(span);
      } catch (error) {
        recordFailure(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * A refusal the caller can act on (an error with a status below 500, as errors.ts defines them) is an outcome,
 * not a failure of the span; anything else is.
 */
export function recordFailure(span: Span, error: unknown): void {
  const { status, code, name } = (error ?? {}) as { status?: unknown; code?: unknown; name?: unknown };
  if (typeof code === 'string') span.setAttribute(ATTRIBUTES.errorCode, code);
  if (typeof status === 'number' && status < 500) return;
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: typeof name === 'string' ? name : undefined });
}

/** The active span's W3C `traceparent`, when one is being recorded. */
export function currentTraceparent(): string | undefined {
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return undefined;
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, '0')}`;
}

/** The trace id a `traceparent` names, if it is one. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  return traceparent === undefined ? undefined : TRACEPARENT.exec(traceparent)?.[1];
}

/**
 * The context to continue a trace from a message's `traceparent` (remote parent); without a valid one, a new
 * trace (the root context, not whatever happens to be active).
 */
export function contextFromTraceparent(traceparent: unknown): Context {
  const match = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent.trim()) : null;
  if (!match?.[1] || !match[2] || !match[3] || /^0+$/.test(match[1]) || /^0+$/.test(match[2])) {
    return ROOT_CONTEXT;
  }
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: match[1],
    spanId: match[2],
    traceFlags: Number.parseInt(match[3], 16),
    isRemote: true,
  });
}

/** The application properties of a Service Bus message that carry the trace context. */
export function traceProperties(traceparent: string | undefined): Record<string, string> {
  // `Diagnostic-Id` is what the Azure SDKs and the Functions host read; `traceparent` is the W3C name.
  return traceparent === undefined ? {} : { traceparent, 'Diagnostic-Id': traceparent };
}

/** The trace context a received message carries (its application properties), as `traceProperties` wrote it. */
export function traceparentOf(properties: unknown): string | undefined {
  if (typeof properties !== 'object' || properties === null) return undefined;
  const { traceparent, 'Diagnostic-Id': diagnosticId } = properties as Record<string, unknown>;
  const value = typeof traceparent === 'string' ? traceparent : diagnosticId;
  return typeof value === 'string' && TRACEPARENT.test(value) ? value : undefined;
}

/** What a Service Bus-triggered invocation offers (the Functions host's InvocationContext). */
export interface TracedInvocation {
  triggerMetadata?: Record<string, unknown>;
  traceContext?: { traceParent?: string | null | undefined };
}

/**
 * The trace context a Service Bus-triggered invocation continues: the message's own (its application properties,
 * which the host passes in the trigger metadata), else the host's trace context for the invocation.
 */
export function invocationTraceparent(invocation: TracedInvocation): string | undefined {
  return (
    traceparentOf(invocation.triggerMetadata?.applicationProperties) ??
    traceparentOf({ traceparent: invocation.traceContext?.traceParent ?? undefined })
  );
}
