// GET /api/diagnostics/traces?correlationId=: the traces the process keeps in memory (telemetry/sdk/traceRing.ts)
// that carry a correlation id, newest first, each with its spans (name, ids, parent, kind, timing, attributes).
// Locally it shows the path of a command without installing anything; in Azure it is an admin route.
import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { getTelemetry } from '../processApplication.js';
import type { TraceView } from '../telemetry/sdk/traceRing.js';
import { parseQuery } from './query.js';

export const tracesQuerySchema = z.strictObject({
  correlationId: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\x20-\x2b\x2d-\x7e]+$/, 'must be an X-Correlation-Id (printable ASCII without commas)')
    .meta({ description: 'The X-Correlation-Id of the command (or request) whose traces to show.' }),
});

export interface TracesAnswer {
  correlationId: string;
  /** False when the process keeps no traces (TelemetryTracing=off or TelemetryTracesKept=0). */
  kept: boolean;
  traces: TraceView[];
}

export async function findTraces(request: HttpRequest): Promise<TracesAnswer> {
  const { correlationId } = parseQuery(request, tracesQuerySchema);
  const { ring } = await getTelemetry();
  return { correlationId, kept: ring !== undefined, traces: ring?.tracesWith(correlationId) ?? [] };
}
