// GET /api/catalog: the aggregate types, their commands (with JSON Schemas) and events, the projections and the
// workflows, from the registries. GET /api/openapi.json: the OpenAPI 3.1 description of every route.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { getApplication } from '../src/application.js';
import { describeCatalog } from '../src/http/catalog.js';
import { buildOpenApiDocument } from '../src/http/openapi/document.js';
import { NO_QUERY, parseQuery } from '../src/http/query.js';
import { jsonResponse, withProblemDetails } from '../src/http/respond.js';
import { httpRoute, registeredRoutes } from '../src/http/routes.js';

export const getCatalog: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit> =
  withProblemDetails(async (request) => {
    parseQuery(request, NO_QUERY);
    return jsonResponse(200, describeCatalog(getApplication()), { 'Cache-Control': 'no-cache' });
  });

httpRoute('getCatalog', { methods: ['GET'], route: 'catalog', authLevel: 'function', handler: getCatalog });

export const getOpenApi: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit> =
  withProblemDetails(async (request) => {
    parseQuery(request, NO_QUERY);
    const document = buildOpenApiDocument(describeCatalog(getApplication()), registeredRoutes());
    return jsonResponse(200, document, { 'Cache-Control': 'no-cache' });
  });

httpRoute('getOpenApi', {
  methods: ['GET'],
  route: 'openapi.json',
  authLevel: 'function',
  handler: getOpenApi,
});
