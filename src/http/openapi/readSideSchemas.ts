// The read side's answers beside schemas.ts (same registry): documents, pages of lists and groups, rebuild jobs,
// replays.
import { z } from 'zod';
import { aggregateId, aggregateType, component, instant } from './schemas.js';

export const projectionDocumentSchema = component(
  'ProjectionDocument',
  'A projection document (read model).',
  z.strictObject({
    projection: z.string(),
    key: z.string(),
    asOfVersion: z
      .number()
      .int()
      .min(0)
      .optional()
      .meta({ description: 'The stream version the state reflects.' }),
    index: z
      .strictObject({
        key: z.string().optional(),
        left: z.array(z.strictObject({ key: z.string(), at: instant })).optional(),
      })
      .optional()
      .meta({
        description: "A list's or classifier's tracking document: where the aggregate's entry record is.",
      }),
    updatedAt: instant,
    state: z.unknown(),
  }),
);

/** The query of a page of a list or group, as documented (the route parses with the projection's own schema). */
export const projectionPageQueryDoc = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Items per page (default 50).' }),
  continuation: z
    .string()
    .min(1)
    .max(4096)
    .optional()
    .meta({ description: "The previous page's `continuation`." }),
  from: z.iso
    .date()
    .optional()
    .meta({ description: '`diary-items`: items starting on or after this UTC day.' }),
  to: z.iso
    .date()
    .optional()
    .meta({ description: '`diary-items`: items starting on or before this UTC day.' }),
});

export const projectionPageSchema = component(
  'ProjectionPage',
  "A page of a list's items or of a classifier's group, in key order.",
  z.strictObject({
    projection: z.string(),
    items: z.array(z.unknown()).optional().meta({ description: "A list's items (each its entry)." }),
    members: z.array(z.unknown()).optional().meta({ description: "A classifier's members (aggregate ids)." }),
    continuation: z
      .string()
      .optional()
      .meta({ description: 'Pass back for the next page; absent on the last.' }),
  }),
);

export const rebuildJobSchema = component(
  'RebuildJob',
  'A rebuild job: a new generation of the projection built beside the live one, then switched to.',
  z.strictObject({
    id: z.string(),
    projection: z.string(),
    aggregateType,
    generation: z.number().int().min(0),
    previous: z.number().int().min(0),
    phase: z.enum(['starting', 'replaying', 'switching', 'retiring', 'purging', 'finished']),
    startedAt: instant,
    switchedAt: instant.optional(),
    finishedAt: instant.optional(),
    streams: z.strictObject({ listed: z.number().int(), done: z.number().int() }),
    events: z.number().int(),
    skippedCount: z.number().int(),
    skipped: z.array(
      z.strictObject({ aggregateType, aggregateId, version: z.number().int(), reason: z.string() }),
    ),
    pages: z.strictObject({ listed: z.number().int(), listingDone: z.boolean() }),
    purged: z.strictObject({ pages: z.number().int(), documents: z.number().int() }),
    url: z.string().meta({ description: 'Where to poll the job.' }),
  }),
);

export const replayCheckpointSchema = component(
  'ReplayCheckpoint',
  'A replay of the stored history to one subscription: what it covers and how far it has got.',
  z.strictObject({
    subscription: z.string(),
    aggregateTypes: z.array(aggregateType),
    since: z.string().optional(),
    eventsPerSecond: z.number().optional(),
    streams: z.number().int(),
    events: z.number().int(),
    pages: z.number().int().meta({ description: 'Pages of streams sent so far.' }),
    startedAt: instant,
    finishedAt: instant.optional(),
    url: z.string().meta({ description: 'Where to poll it.' }),
  }),
);

/** The body of POST /replays/{subscription}, as documented (the route checks the types against the app's). */
export const replayRequestDoc = z.strictObject({
  aggregateTypes: z.array(aggregateType).min(1).optional().meta({ description: 'Default: every type.' }),
  since: z.string().optional().meta({ description: 'Only events that occurred at or after (ISO 8601).' }),
  eventsPerSecond: z.number().positive().max(100_000).optional(),
  restart: z.boolean().optional().meta({ description: 'Start over instead of resuming.' }),
});
