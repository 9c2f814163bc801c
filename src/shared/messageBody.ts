// The body of a message on the events topic: an event envelope (the Functions host hands it over parsed;
// a string or bytes are parsed here). Checked before any of it can become a document name or a stream key.
// Read by the projection runner and the workflow engine.
import { z } from 'zod';
import type { EventEnvelope } from './envelope.js';
import { AGGREGATE_ID_PATTERN, AGGREGATE_TYPE_PATTERN } from './identifiers.js';
import { InvalidMessageError, parseJsonBody } from './jsonBody.js';

const envelopeSchema = z.object({
  eventId: z.string().min(1),
  aggregateType: z.string().regex(AGGREGATE_TYPE_PATTERN),
  aggregateId: z.string().regex(AGGREGATE_ID_PATTERN),
  version: z.number().int().min(1),
  type: z.string().min(1),
  schemaVersion: z.number().int().min(1),
  occurredAt: z.string(),
  sequence: z.number(),
  data: z.unknown(),
  metadata: z.looseObject({ correlationId: z.string(), causationId: z.string(), commandName: z.string() }),
});

export function parseMessageBody(body: unknown): EventEnvelope {
  const value = parseJsonBody(body);
  const parsed = envelopeSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidMessageError(
      `The message body is not an event envelope (${issue?.path.join('.') || 'body'}: ${issue?.message})`,
    );
  }
  return parsed.data as EventEnvelope;
}
