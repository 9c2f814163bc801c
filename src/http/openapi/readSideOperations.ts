// The OpenAPI operations of the read side and its operator routes (projection documents and pages, rebuild jobs,
// replays), beside operations.ts, which spreads them into the one table.
import { z } from 'zod';
import type { Catalog, JsonSchema } from '../catalog.js';
import { projectionPageQueryDoc, replayRequestDoc } from './readSideSchemas.js';
import { INVALID, type OperationSpec, STORE } from './spec.js';

const projectionsOf = (catalog: Catalog, kinds: string[]) =>
  catalog.projections.filter(({ kind }) => kinds.includes(kind)).map(({ name }) => name);

export const readSideOperations: Record<string, OperationSpec> = {
  getProjectionSnapshot: {
    summary:
      "One projection document: a per-aggregate projection's, or a list's or classifier's tracking document",
    tag: 'projections',
    headers: ['If-None-Match'],
    enums: (catalog) => ({ projection: catalog.projections.map(({ name }) => name) }),
    answers: {
      200: { description: 'The document.', body: 'ProjectionDocument', headers: ['ETag'] },
      304: { description: 'Unchanged since the ETag sent in If-None-Match.', headers: ['ETag'] },
    },
    problems: { 400: ['invalid-identifier'], 404: ['projection-not-found', 'snapshot-not-found'], ...STORE },
  },
  getProjection: {
    summary: "A page of a list's items or of a classifier's group",
    description:
      'In key order (a list: its sort key, e.g. `diary-items` by start). `from`/`to` (UTC days, inclusive) are `diary-items` filters; other projections refuse them.',
    tag: 'projections',
    query: projectionPageQueryDoc,
    enums: (catalog) => ({ projection: projectionsOf(catalog, ['list', 'classifier']) }),
    answers: { 200: { description: 'One page.', body: 'ProjectionPage', headers: ['Cache-Control'] } },
    problems: {
      400: INVALID,
      404: ['projection-not-found', 'snapshot-not-found'],
      ...STORE,
    },
  },
  rebuildProjection: {
    summary: 'Start a rebuild job of a projection (admin key), or answer the one running',
    tag: 'projections',
    enums: (catalog) => ({ projection: catalog.projections.map(({ name }) => name) }),
    answers: { 202: { description: 'The job, with its URL.', body: 'RebuildJob', headers: ['Location'] } },
    problems: { 400: ['invalid-identifier'], 404: ['projection-not-found'], ...STORE },
  },
  getRebuildJob: {
    summary: "A rebuild job's progress (admin key)",
    tag: 'projections',
    enums: (catalog) => ({ projection: catalog.projections.map(({ name }) => name) }),
    answers: { 200: { description: 'The job.', body: 'RebuildJob', headers: ['Cache-Control'] } },
    problems: {
      400: ['invalid-identifier'],
      404: ['projection-not-found', 'rebuild-job-not-found'],
      ...STORE,
    },
  },
  'replays:POST': {
    summary: 'Replay the stored history to one subscription (admin key), or answer the replay under way',
    description:
      "Every stream of the chosen types in per-stream order, as the original messages plus `replayTarget`, which only that subscription's rule lets in; a page of streams per step on the rebuild queue.",
    tag: 'operations',
    expand: () => [
      {
        fixed: {},
        summary: 'Replay the stored history to one subscription (admin key)',
        requestBody: z.toJSONSchema(replayRequestDoc, { io: 'input' }) as JsonSchema,
      },
    ],
    answers: {
      202: { description: 'The replay, with its URL.', body: 'ReplayCheckpoint', headers: ['Location'] },
    },
    problems: { 400: INVALID, 415: ['unsupported-media-type'], ...STORE },
  },
  'replays:GET': {
    summary: "A replay's checkpoint (admin key)",
    tag: 'operations',
    answers: {
      200: { description: 'The checkpoint.', body: 'ReplayCheckpoint', headers: ['Cache-Control'] },
    },
    problems: { 400: ['invalid-identifier'], 404: ['replay-not-found'], ...STORE },
  },
};
