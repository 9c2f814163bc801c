// The last traces in memory: a span processor that groups ended spans by trace and keeps the newest N traces
// (and at most 1,000 spans of each), so a developer sees the path of a command without installing anything.
// `GET /api/diagnostics/traces?correlationId=` reads it; nothing in it leaves the process.
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTRIBUTES } from '../tracing.js';

const SPANS_PER_TRACE = 1_000;
const KINDS = ['internal', 'server', 'client', 'producer', 'consumer'] as const;

export interface SpanView {
  name: string;
  spanId: string;
  parentSpanId?: string;
  kind: (typeof KINDS)[number];
  startTime: string;
  durationInMs: number;
  status: 'unset' | 'ok' | 'error';
  attributes: Record<string, unknown>;
}

export interface TraceView {
  traceId: string;
  spans: SpanView[];
}

export class TraceRing implements SpanProcessor {
  /** By trace id, oldest first (a Map keeps insertion order). */
  private readonly traces = new Map<string, ReadableSpan[]>();

  constructor(private readonly limit: number) {}

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    const { traceId } = span.spanContext();
    let spans = this.traces.get(traceId);
    if (!spans) {
      spans = [];
      this.traces.set(traceId, spans);
      for (const oldest of this.traces.keys()) {
        if (this.traces.size <= this.limit) break;
        this.traces.delete(oldest);
      }
    }
    if (spans.length < SPANS_PER_TRACE) spans.push(span);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.traces.clear();
    return Promise.resolve();
  }

  /** Every kept trace with a span that carries the correlation id, newest first. */
  tracesWith(correlationId: string): TraceView[] {
    return [...this.traces.entries()]
      .filter(([, spans]) =>
        spans.some((span) => span.attributes[ATTRIBUTES.correlationId] === correlationId),
      )
      .reverse()
      .map(([traceId, spans]) => ({ traceId, spans: spans.map(viewOf) }));
  }

  /** One kept trace (its spans in the order they ended), or undefined. */
  trace(traceId: string): TraceView | undefined {
    const spans = this.traces.get(traceId);
    return spans && { traceId, spans: spans.map(viewOf) };
  }
}

function viewOf(span: ReadableSpan): SpanView {
  const [seconds, nanos] = span.startTime;
  const [durationSeconds, durationNanos] = span.duration;
  const parentSpanId = span.parentSpanContext?.spanId;
  return {
    name: span.name,
    spanId: span.spanContext().spanId,
    ...(parentSpanId && { parentSpanId }),
    kind: KINDS[span.kind] ?? 'internal',
    startTime: new Date(seconds * 1000 + nanos / 1e6).toISOString(),
    durationInMs: Math.round((durationSeconds * 1000 + durationNanos / 1e6) * 1000) / 1000,
    status: span.status.code === 1 ? 'ok' : span.status.code === 2 ? 'error' : 'unset',
    attributes: { ...span.attributes },
  };
}
