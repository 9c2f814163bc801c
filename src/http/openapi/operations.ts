// What the OpenAPI document says about each registered route, keyed by its function's name: the summary, the
// query (the same zod schema the route parses with), the request headers it reads, its answers and the problem
// codes each status can carry. The routes themselves (paths, methods, auth levels) come from the registrations.
import { z } from 'zod';
import type { Catalog, JsonSchema } from '../catalog.js';
import { tracesQuerySchema } from '../diagnostics.js';
import { NO_QUERY } from '../query.js';
import { stateQuerySchema } from '../stateQuery.js';
import { streamListingQuerySchema } from '../streamListing.js';
import { streamQuerySchema } from '../streamQuery.js';
import { projectionPageQueryDoc, replayRequestDoc } from './readSideSchemas.js';

export type RequestHeader =
  | 'If-Match'
  | 'Idempotency-Key'
  | 'X-Source'
  | 'X-Commentary'
  | 'If-None-Match'
  | 'X-Requested-With';
export type ResponseHeader = 'ETag' | 'Idempotent-Replayed' | 'Location' | 'Cache-Control';

export interface Answer {
  description: string;
  /** A component schema's id (JSON), or media types with a schema of their own. */
  body?: string | Record<string, JsonSchema>;
  headers?: ResponseHeader[];
}

/** One concrete operation a route template stands for, e.g. one command of one aggregate type. */
export interface Expansion {
  /** Route parameters fixed to a value: they become literal path segments. */
  fixed: Record<string, string>;
  summary: string;
  requestBody?: JsonSchema;
}

export interface OperationSpec {
  summary: string;
  description?: string;
  tag: string;
  query?: z.ZodObject;
  headers?: RequestHeader[];
  /** Path parameters whose values are a known set (enum), given the catalog. */
  enums?: (catalog: Catalog) => Record<string, string[]>;
  expand?: (catalog: Catalog) => Expansion[];
  answers: Record<number, Answer>;
  /** Per status, the `code`s its problem+json answer can carry. */
  problems: Record<number, string[]>;
}

const types = (catalog: Catalog) => ({ aggregateType: catalog.aggregateTypes.map(({ type }) => type) });
const projectionsOf = (catalog: Catalog, kinds: string[]) =>
  catalog.projections.filter(({ kind }) => kinds.includes(kind)).map(({ name }) => name);
const INVALID = ['validation-failed', 'invalid-identifier'];
const STORE = { 503: ['store-unavailable'] };

export const operations: Record<string, OperationSpec> = {
  postCommand: {
    summary: 'Run a command',
    description:
      "The JSON body is the command's payload (an empty body reads as `{}`). `x-ms-client-principal-name`, set by App Service authentication, becomes the events' `who`.",
    tag: 'commands',
    headers: ['If-Match', 'Idempotency-Key', 'X-Source', 'X-Commentary'],
    expand: (catalog) =>
      catalog.aggregateTypes.flatMap(({ type, commands }) =>
        commands.map(({ name, schema }) => ({
          fixed: { aggregateType: type, commandName: name },
          summary: `${type}: ${name}`,
          requestBody: schema,
        })),
      ),
    answers: {
      200: {
        description: 'Applied (or, with `Idempotent-Replayed: true`, applied before).',
        body: 'CommandResult',
        headers: ['ETag', 'Idempotent-Replayed'],
      },
    },
    problems: {
      400: ['invalid-json', ...INVALID],
      404: ['aggregate-not-found'],
      409: ['concurrency-conflict'],
      412: ['version-mismatch'],
      413: ['payload-too-large'],
      415: ['unsupported-media-type'],
      422: ['domain-rule-violated', 'idempotency-key-reused'],
      500: ['unreadable-event', 'internal-error'],
      ...STORE,
    },
  },
  getStreamIds: {
    summary: "List the ids of one aggregate type's streams, a page at a time",
    tag: 'streams',
    query: streamListingQuerySchema,
    enums: types,
    answers: { 200: { description: 'One page of ids.', body: 'StreamListing' } },
    problems: { 400: INVALID, 404: ['unknown-aggregate-type'], ...STORE },
  },
  getStream: {
    summary: 'Read an event stream, oldest first, in pages',
    tag: 'streams',
    query: streamQuerySchema,
    enums: types,
    answers: { 200: { description: 'One page of the stream.', body: 'StreamPage', headers: ['ETag'] } },
    problems: { 400: INVALID, 404: ['unknown-aggregate-type', 'aggregate-not-found'], ...STORE },
  },
  getState: {
    summary: "An aggregate's state after a version (the latest when omitted)",
    tag: 'streams',
    query: stateQuerySchema,
    enums: types,
    answers: { 200: { description: 'The replayed state.', body: 'StateAsOf', headers: ['ETag'] } },
    problems: {
      400: INVALID,
      404: ['unknown-aggregate-type', 'aggregate-not-found'],
      500: ['unreadable-event', 'internal-error'],
      ...STORE,
    },
  },
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
  getWorkflowInstance: {
    summary: 'A workflow instance: status, state, pending outputs, timers',
    tag: 'workflows',
    enums: (catalog) => ({ workflow: catalog.workflows.map(({ name }) => name) }),
    answers: {
      200: { description: 'The instance.', body: 'WorkflowInstance', headers: ['ETag', 'Cache-Control'] },
    },
    problems: {
      400: ['invalid-identifier'],
      404: ['unknown-workflow', 'workflow-instance-not-found'],
      ...STORE,
    },
  },
  retryWorkflowInstance: {
    summary: 'Resume a stuck workflow instance and carry out what it has pending (admin key)',
    tag: 'workflows',
    enums: (catalog) => ({ workflow: catalog.workflows.map(({ name }) => name) }),
    answers: { 200: { description: 'The instance afterwards.', body: 'WorkflowInstance' } },
    problems: {
      400: ['invalid-identifier'],
      404: ['unknown-workflow', 'workflow-instance-not-found'],
      ...STORE,
    },
  },
  getHealth: {
    summary: "Each store's and the bus's reachability (anonymous)",
    tag: 'operations',
    answers: {
      200: { description: 'Every check passed.', body: 'HealthReport' },
      503: { description: 'A check failed (the same report).', body: 'HealthReport' },
    },
    problems: {},
  },
  getTraces: {
    summary: "A command's recent traces, kept in the process's memory (admin key)",
    tag: 'operations',
    query: tracesQuerySchema,
    answers: {
      200: { description: 'The traces carrying the correlation id, newest first.', body: 'Traces' },
    },
    problems: { 400: ['validation-failed'] },
  },
  getCatalog: {
    summary: 'What the app serves: aggregate types, commands, events, projections, workflows',
    tag: 'operations',
    query: NO_QUERY,
    answers: { 200: { description: 'The catalog.', body: 'Catalog' } },
    problems: { 400: ['validation-failed'] },
  },
  getOpenApi: {
    summary: 'This document',
    tag: 'operations',
    query: NO_QUERY,
    answers: { 200: { description: 'OpenAPI 3.1.', body: { 'application/json': { type: 'object' } } } },
    problems: { 400: ['validation-failed'] },
  },
  getExplorerFile: {
    summary: 'The explorer web page and its files',
    description:
      'Serves the built explorer (ui/); `/api/ui/` is its page. In Azure it needs a user signed in with App Service authentication.',
    tag: 'explorer',
    headers: ['If-None-Match'],
    answers: {
      200: {
        description: 'The file.',
        body: {
          'text/html': { type: 'string' },
          'text/javascript': { type: 'string' },
          'text/css': { type: 'string' },
        },
        headers: ['ETag', 'Cache-Control'],
      },
      304: { description: 'Unchanged since the ETag sent in If-None-Match.', headers: ['ETag'] },
      308: { description: '`/api/ui` moves to `/api/ui/`.', headers: ['Location'] },
    },
    problems: {
      400: ['validation-failed'],
      401: ['authentication-required'],
      403: ['explorer-closed'],
      404: ['route-not-found'],
    },
  },
  explorerGateway: {
    summary: 'The API, for the signed-in explorer',
    description:
      'Forwards `/api/ui/api/{path}` to the function-key routes described here (`/api/{path}`), with the same request and the same answers, for a browser signed in with App Service authentication. Locally the explorer is open.',
    tag: 'explorer',
    headers: ['X-Requested-With'],
    answers: {
      200: { description: 'The answer of the route forwarded to.', body: { 'application/json': {} } },
    },
    problems: { 401: ['authentication-required'], 403: ['explorer-closed'], 404: ['route-not-found'] },
  },
};
