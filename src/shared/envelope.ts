// The event envelope: how every event is stored, returned by the streams API, sent as the Service Bus body and
// handed to projections. Shared vocabulary of every layer above the domain.

/** Metadata that travels with every event, from the HTTP request to Service Bus and the projections. */
export interface EventMetadata {
  correlationId: string;
  causationId: string;
  commandName: string;
  idempotencyKey?: string;
  who?: string;
  source?: string;
  commentary?: string;
  /**
   * The W3C trace context of the command that appended the event, when it was traced: the message carries it,
   * so a republished event (the sweeper) still joins the command's trace.
   */
  traceparent?: string;
}

/** The stored form of an event, also returned by the streams API and sent as the Service Bus body. */
export interface EventEnvelope {
  /** Deterministic UUID (v5) of `aggregateType/aggregateId/version`. */
  eventId: string;
  aggregateType: string;
  aggregateId: string;
  /** 1, 2, 3 … within the stream, contiguous. */
  version: number;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  /** Cross-aggregate ordering stamp (see src/commands/sequence.ts for what it guarantees). */
  sequence: number;
  data: unknown;
  metadata: EventMetadata;
}

export interface StreamId {
  aggregateType: string;
  aggregateId: string;
}
