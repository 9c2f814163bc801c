// GET /api/health: liveness, plus whether each configured event store answers.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { checkHealth } from '../src/http/health.js';
import { jsonResponse, withProblemDetails } from '../src/http/respond.js';
import { httpRoute } from '../src/http/routes.js';
import { getApplication } from '../src/processApplication.js';

export const getHealth: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit> =
  withProblemDetails(async (_request, context) => {
    const report = await checkHealth(await getApplication(), context);
    return jsonResponse(report.status === 'healthy' ? 200 : 503, report, { 'Cache-Control': 'no-store' });
  });

httpRoute('getHealth', { methods: ['GET'], route: 'health', authLevel: 'anonymous', handler: getHealth });
