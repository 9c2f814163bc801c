// The shapes of the API's answers, as zod schemas named in one registry: the OpenAPI document's
// components.schemas are generated from them, and the tests check live answers against the same schemas
// (strict objects, so an undocumented member fails them).
import { z } from 'zod';
import { AGGREGATE_ID_PATTERN, AGGREGATE_TYPE_PATTERN } from '../../shared/identifiers.js';

export const componentSchemas = z.registry<{ id: string; description?: string }>();

export function component<Schema extends z.ZodType>(id: string, description: string, schema: Schema): Schema {
  componentSchemas.add(schema, { id, description });
  return schema;
}

const version = z.number().int().min(1);
export const aggregateType = z.string().regex(AGGREGATE_TYPE_PATTERN);
export const aggregateId = z.string().regex(AGGREGATE_ID_PATTERN);
export const instant = z.iso.datetime({ offset: true });
const jsonSchema = z.record(z.string(), z.unknown()).meta({ description: 'A JSON Schema (draft 2020-12).' });

export const eventMetadataSchema = component(
  'EventMetadata',
  'Who and what caused an event.',
  z.strictObject({
    correlationId: z.string(),
    causationId: z.string(),
    commandName: z.string(),
    idempotencyKey: z.string().optional(),
    who: z.string().optional(),
    source: z.string().optional(),
    commentary: z.string().optional(),
    traceparent: z.string().optional().meta({ description: 'The W3C trace context of the command.' }),
  }),
);

export const eventEnvelopeSchema = component(
  'EventEnvelope',
  'An event as stored, published and returned.',
  z.strictObject({
    eventId: z.uuid(),
    aggregateType,
    aggregateId,
    version,
    type: z.string(),
    schemaVersion: version,
    occurredAt: instant,
    sequence: z.number().int(),
    data: z.unknown(),
    metadata: eventMetadataSchema,
  }),
);

export const commandResultSchema = component(
  'CommandResult',
  "A command's outcome: the stream's version after it and the events it appended.",
  z.strictObject({
    aggregateType,
    aggregateId,
    version: z.number().int().min(0),
    events: z.array(z.strictObject({ eventId: z.uuid(), type: z.string(), version })),
    correlationId: z.string(),
  }),
);

export const streamPageSchema = component(
  'StreamPage',
  'A page of one event stream, oldest first.',
  z.strictObject({
    aggregateType,
    aggregateId,
    version: version.meta({ description: "The stream's head version." }),
    fromVersion: version,
    events: z.array(eventEnvelopeSchema),
    nextFromVersion: version
      .optional()
      .meta({ description: 'Where the next page starts; absent on the last.' }),
  }),
);

export const stateAsOfSchema = component(
  'StateAsOf',
  "An aggregate's state after a version, replayed from its stream.",
  z.strictObject({
    aggregateType,
    aggregateId,
    version: version.meta({ description: 'The version the state reflects.' }),
    streamVersion: version.meta({ description: "The stream's head version." }),
    state: z.unknown(),
  }),
);

export const streamListingSchema = component(
  'StreamListing',
  "A page of the ids of one aggregate type's streams.",
  z.strictObject({
    aggregateType,
    aggregateIds: z.array(aggregateId),
    continuation: z
      .string()
      .optional()
      .meta({ description: 'Pass as `continuation` for the next page; absent on the last page.' }),
  }),
);

export const workflowInstanceSchema = component(
  'WorkflowInstance',
  'A workflow instance as an operator sees it: its status, its state, what it decided and has not yet carried out, its live timers.',
  z.strictObject({
    workflow: z.string(),
    instanceId: aggregateId,
    status: z
      .enum(['running', 'waiting', 'completed', 'stuck'])
      .meta({ description: '`stuck`: a command kept failing; POST …/retry resumes the instance.' }),
    state: z.unknown(),
    pendingOutputs: z.array(
      z.strictObject({ outputId: z.string(), kind: z.enum(['send', 'schedule']), detail: z.unknown() }),
    ),
    timers: z.array(
      z.strictObject({ timerId: z.string(), name: z.string(), dueAt: instant, armed: z.boolean() }),
    ),
    stuck: z.strictObject({ outputId: z.string(), error: z.string() }).optional(),
    version,
  }),
);

const healthCheck = z.strictObject({
  name: z.string(),
  status: z.enum(['healthy', 'unhealthy']),
  durationInMs: z.number(),
  error: z.string().optional(),
});

export const healthReportSchema = component(
  'HealthReport',
  "Each store's and the bus's reachability, the publish backlog, each projection's lag, and the app's dead letters.",
  z.strictObject({
    status: z.enum(['healthy', 'unhealthy']),
    checks: z.array(healthCheck),
    publishBacklog: z
      .strictObject({ intents: z.number().int(), atLeast: z.boolean(), oldestAgeInMs: z.number() })
      .optional(),
    projections: z
      .array(
        z.strictObject({ projection: z.string(), waiting: z.number().int(), oldestWaitingInMs: z.number() }),
      )
      .optional(),
    deadLetters: z.array(
      z.strictObject({
        subscription: z.string(),
        count: z.number().int().optional(),
        hint: z.string().optional(),
        error: z.string().optional(),
      }),
    ),
  }),
);

export const tracesSchema = component(
  'Traces',
  'The traces kept in memory that carry a correlation id, newest first.',
  z.strictObject({
    correlationId: z.string(),
    kept: z.boolean(),
    traces: z.array(
      z.strictObject({
        traceId: z.string(),
        spans: z.array(
          z.strictObject({
            name: z.string(),
            spanId: z.string(),
            parentSpanId: z.string().optional(),
            kind: z.enum(['internal', 'server', 'client', 'producer', 'consumer']),
            startTime: instant,
            durationInMs: z.number(),
            status: z.enum(['unset', 'ok', 'error']),
            attributes: z.record(z.string(), z.unknown()),
          }),
        ),
      }),
    ),
  }),
);

export const catalogSchema = component(
  'Catalog',
  'What the app serves, from its registries.',
  z.strictObject({
    aggregateTypes: z.array(
      z.strictObject({
        type: aggregateType,
        store: z.strictObject({ name: z.string(), type: z.string() }),
        commands: z.array(z.strictObject({ name: z.string(), schema: jsonSchema })),
        events: z.array(z.strictObject({ type: z.string(), schemaVersion: version })),
      }),
    ),
    projections: z.array(
      z.strictObject({
        name: z.string(),
        kind: z.enum(['per-aggregate', 'list', 'classifier']),
        handles: z.record(z.string(), z.array(z.string())),
      }),
    ),
    workflows: z.array(
      z.strictObject({
        name: z.string(),
        reactsTo: z.record(z.string(), z.array(z.string())),
        sends: z.array(z.strictObject({ aggregateType, command: z.string() })),
      }),
    ),
  }),
);

export const problemSchema = component(
  'Problem',
  'An RFC 9457 problem with a stable `code`; some codes add members (`errors`, `currentVersion`, `reason`, …).',
  z.looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    errors: z
      .array(z.strictObject({ path: z.string(), message: z.string() }))
      .optional()
      .meta({ description: 'validation-failed: what is wrong, the first 20.' }),
    omittedErrors: z.number().int().optional(),
    currentVersion: z
      .number()
      .int()
      .optional()
      .meta({ description: 'concurrency-conflict, version-mismatch.' }),
    reason: z.string().optional().meta({ description: 'domain-rule-violated: the rule, in kebab-case.' }),
  }),
);
