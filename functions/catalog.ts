// GET /api/catalog: the aggregate types, their commands (with JSON Schemas) and events, the projections and the
// workflows, from the registries. GET /api/openapi.json: the OpenAPI 3.1 description of every route.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { describeCatalog } from '../src/http/catalog.js';
import { buildOpenApiDocument } from '../src/http/openapi/document.js';
import { NO_QUERY, parseQuery } from '../src/http/query.js';
import { jsonResponse, withProblemDetails } from '../src/http/respond.js';
import { httpRoute, registeredRoutes } from '../src/http/routes.js';
import { getApplication } from '../src/processApplication.js';

export const getCatalog: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit> =
  withProblemDetails(async (request) => {
    parseQuery(request, NO_QUERY);
    return jsonResponse(200, describeCatalog(await getApplication()), { 'Cache-Control': 'no-cache' });
  });

httpRoute('getCatalog', { methods: ['GET'], route: 'catalog', authLevel: 'function', handler: getCatalog });

export const getOpenApi: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit> =
  withProblemDetails(async (request) => {
    parseQuery(request, NO_QUERY);
    const document = buildOpenApiDocument(describeCatalog(await getApplication()), registeredRoutes());
    return jsonResponse(200, document, { 'Cache-Control': 'no-cache' });
  });

httpRoute('getOpenApi', {
  methods: ['GET'],
  route: 'openapi.json',
  authLevel: 'function',
  handler: getOpenApi,
});
