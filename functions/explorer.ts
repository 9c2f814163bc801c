// The explorer: GET /api/ui/{path} serves the built web page (ui/, built into dist/ui); /api/ui/api/{path} is
// its gateway to the API. Both answer only whom ExplorerAccess lets in (in Azure: users App Service
// authentication signed in; locally: everyone).
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { assertExplorerAccess } from '../src/http/explorerAccess.js';
import { forwardToApi } from '../src/http/explorerGateway.js';
import { withProblemDetails } from '../src/http/respond.js';
import { httpRoute, registeredRoutes } from '../src/http/routes.js';
import { StaticFiles } from '../src/http/staticFiles.js';
import { getApplication } from '../src/processApplication.js';

const files = new StaticFiles();

export const getExplorerFile: (
  request: HttpRequest,
  context: InvocationContext,
) => Promise<HttpResponseInit> = withProblemDetails(async (request) => {
  assertExplorerAccess(request, (await getApplication()).settings);
  const path = request.params.path ?? '';
  const { pathname, search } = new URL(request.url);
  if (path === '' && !pathname.endsWith('/'))
    return { status: 308, headers: { Location: `${pathname}/${search}` } };
  return files.serve(request, path);
});

httpRoute('getExplorerFile', {
  methods: ['GET'],
  route: 'ui/{*path}',
  authLevel: 'anonymous',
  handler: getExplorerFile,
});

export const explorerGateway: (
  request: HttpRequest,
  context: InvocationContext,
) => Promise<HttpResponseInit> = withProblemDetails(async (request, context, correlationId) => {
  assertExplorerAccess(request, (await getApplication()).settings);
  return forwardToApi(request, context, registeredRoutes(), correlationId);
});

httpRoute('explorerGateway', {
  methods: ['GET', 'POST'],
  route: 'ui/api/{*path}',
  authLevel: 'anonymous',
  handler: explorerGateway,
});
