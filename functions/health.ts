// GET /api/health: liveness, plus whether each configured event store answers.
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { getApplication } from '../src/application.js';
import { checkHealth } from '../src/http/health.js';
import { jsonResponse, withProblemDetails } from '../src/http/respond.js';

export const getHealth: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit> =
  withProblemDetails(async () => {
    const report = await checkHealth(getApplication());
    return jsonResponse(report.status === 'healthy' ? 200 : 503, report, { 'Cache-Control': 'no-store' });
  });

app.http('getHealth', { methods: ['GET'], route: 'health', authLevel: 'anonymous', handler: getHealth });
