// The projection runner's spans and metrics: one consumer span per message, continuing the trace the message
// carries (its `traceparent`, else the one its event was stored with), and one span per projection it touches
// with what happened (applied, duplicate, a gap healed) and the lag since the event occurred.
import type { EventEnvelope } from '../stores/eventStore.js';
import { appMetrics } from '../telemetry/metrics.js';
import { ATTRIBUTES, contextFromTraceparent, inSpan, SpanKind } from '../telemetry/tracing.js';

export function tracedMessage<T>(
  envelope: EventEnvelope,
  traceparent: string | undefined,
  work: () => Promise<T>,
): Promise<T> {
  return inSpan(
    `projections ${envelope.type}`,
    {
      kind: SpanKind.CONSUMER,
      parent: contextFromTraceparent(traceparent ?? envelope.metadata.traceparent),
      attributes: {
        [ATTRIBUTES.aggregateType]: envelope.aggregateType,
        [ATTRIBUTES.aggregateId]: envelope.aggregateId,
        [ATTRIBUTES.version]: envelope.version,
        [ATTRIBUTES.eventId]: envelope.eventId,
        [ATTRIBUTES.eventType]: envelope.type,
        [ATTRIBUTES.correlationId]: envelope.metadata.correlationId,
      },
    },
    work,
  );
}

/** What one message did to a document (the runner's DocumentOutcome). */
interface Outcome {
  outcome: 'applied' | 'duplicate';
  gapFilled: number;
}

export function tracedProjection<T extends Outcome>(
  projection: string,
  envelope: EventEnvelope,
  work: () => Promise<T[]>,
): Promise<T[]> {
  return inSpan(
    `projection ${projection}`,
    { attributes: { [ATTRIBUTES.projection]: projection } },
    async (span) => {
      const outcomes = await work();
      const first = outcomes[0];
      const lagInMs = Math.max(0, Date.now() - Date.parse(envelope.occurredAt));
      const outcome = !first ? 'skipped' : first.gapFilled > 0 ? 'gap-healed' : first.outcome;
      span.setAttributes({
        [ATTRIBUTES.outcome]: outcome,
        [ATTRIBUTES.lagInMs]: lagInMs,
        'app.gap_filled': first?.gapFilled ?? 0,
      });
      if (outcome !== 'duplicate')
        appMetrics().projectionLagInMs.record(lagInMs, { [ATTRIBUTES.projection]: projection });
      return outcomes;
    },
  );
}
