// GET /api/streams/{aggregateType}?limit=&continuation=: the ids of that type's streams, in pages.
// GET /api/streams/{aggregateType}/{aggregateId}?fromVersion=&limit=: an aggregate's event stream, oldest
// first, in pages (the audit trail), as stored.
// GET /api/streams/{aggregateType}/{aggregateId}/state?asOfVersion=: its state after a version.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { jsonResponse, withProblemDetails } from '../src/http/respond.js';
import { httpRoute } from '../src/http/routes.js';
import { readStateAsOf } from '../src/http/stateQuery.js';
import { listStreamIds } from '../src/http/streamListing.js';
import { parseStreamQuery, readStreamPage } from '../src/http/streamQuery.js';
import { getApplication } from '../src/processApplication.js';

export const getStreamIds: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit> =
  withProblemDetails(async (request) => {
    const application = await getApplication();
    const listing = await listStreamIds(request, application.registry, (type) =>
      application.stores.forAggregateType(type),
    );
    return jsonResponse(200, listing, { 'Cache-Control': 'no-cache' });
  });

httpRoute('getStreamIds', {
  methods: ['GET'],
  route: 'streams/{aggregateType}',
  authLevel: 'function',
  handler: getStreamIds,
});

export const getStream: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit> =
  withProblemDetails(async (request) => {
    const application = await getApplication();
    const query = parseStreamQuery(request, application.registry);
    const page = await readStreamPage(application.stores.forAggregateType(query.aggregateType), query);
    return jsonResponse(200, page, { ETag: `"${page.version}"` });
  });

httpRoute('getStream', {
  methods: ['GET'],
  route: 'streams/{aggregateType}/{aggregateId}',
  authLevel: 'function',
  handler: getStream,
});

export const getState: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit> =
  withProblemDetails(async (request) => {
    const application = await getApplication();
    const result = await readStateAsOf(request, application.registry, (type) =>
      application.stores.forAggregateType(type),
    );
    return jsonResponse(200, result, { ETag: `"${result.version}"` });
  });

httpRoute('getState', {
  methods: ['GET'],
  route: 'streams/{aggregateType}/{aggregateId}/state',
  authLevel: 'function',
  handler: getState,
});
