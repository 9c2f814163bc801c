// POST /api/commands/{aggregateType}/{aggregateId}/{commandName}: run a command on an aggregate.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { parseCommandRequest } from '../src/http/commandRequest.js';
import { jsonResponse, withProblemDetails } from '../src/http/respond.js';
import { httpRoute } from '../src/http/routes.js';
import { getApplication } from '../src/processApplication.js';

export const postCommand: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit> =
  withProblemDetails(async (request, _context, correlationId) => {
    const application = await getApplication();
    const command = await parseCommandRequest(request, application.registry, correlationId);
    const { result, replayed } = await application.commands.handle(command);
    const headers: Record<string, string> = { ETag: `"${result.version}"` };
    if (replayed) headers['Idempotent-Replayed'] = 'true';
    return jsonResponse(200, result, headers);
  });

httpRoute('postCommand', {
  methods: ['POST'],
  route: 'commands/{aggregateType}/{aggregateId}/{commandName}',
  authLevel: 'function',
  handler: postCommand,
});
