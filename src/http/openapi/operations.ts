// What the OpenAPI document says about each registered route, keyed by its function's name: the summary, the
// query (the same zod schema the route parses with), the request headers it reads, its answers and the problem
// codes each status can carry. The routes themselves (paths, methods, auth levels) come from the registrations.
import type { Catalog } from '../catalog.js';
import { tracesQuerySchema } from '../diagnostics.js';
import { NO_QUERY } from '../query.js';
import { stateQuerySchema } from '../stateQuery.js';
import { streamListingQuerySchema } from '../streamListing.js';
import { streamQuerySchema } from '../streamQuery.js';
import { readSideOperations } from './readSideOperations.js';
import { INVALID, type OperationSpec, STORE } from './spec.js';

const types = (catalog: Catalog) => ({ aggregateType: catalog.aggregateTypes.map(({ type }) => type) });

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
  ...readSideOperations,
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
