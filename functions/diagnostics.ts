// GET /api/diagnostics/traces?correlationId=: the recent traces of a command, from the process's memory
// (admin key in Azure, like the other operator routes).
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { findTraces } from '../src/http/diagnostics.js';
import { jsonResponse, withProblemDetails } from '../src/http/respond.js';
import { httpRoute } from '../src/http/routes.js';

export const getTraces: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit> =
  withProblemDetails(async (request) =>
    jsonResponse(200, await findTraces(request), { 'Cache-Control': 'no-store' }),
  );

httpRoute('getTraces', {
  methods: ['GET'],
  route: 'diagnostics/traces',
  authLevel: 'admin',
  handler: getTraces,
});
