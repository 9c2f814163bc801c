// The workflow engine's spans: one consumer span per message (an event of the workflows subscription or a timer),
// continuing the trace the message carries (its `traceparent`, else the one its event was stored with); the
// commands the engine sends then join it (dispatch.ts), so one trace runs from the first command to the next.
import { ATTRIBUTES, contextFromTraceparent, inSpan, SpanKind } from '../telemetry/tracing.js';

export function tracedWorkflowMessage<T>(
  kind: 'event' | 'timer',
  body: unknown,
  traceparent: string | undefined,
  work: () => Promise<T>,
): Promise<T> {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as {
    type?: unknown;
    workflow?: unknown;
    metadata?: { traceparent?: unknown; correlationId?: unknown };
  };
  const name =
    kind === 'event' ? `workflows ${String(fields.type)}` : `workflows timer ${String(fields.workflow)}`;
  const correlationId = fields.metadata?.correlationId;
  return inSpan(
    name,
    {
      kind: SpanKind.CONSUMER,
      parent: contextFromTraceparent(traceparent ?? fields.metadata?.traceparent),
      attributes: typeof correlationId === 'string' ? { [ATTRIBUTES.correlationId]: correlationId } : {},
    },
    work,
  );
}
