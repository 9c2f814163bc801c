// The read side. GET /api/projections/{projection}/{key} and GET /api/projections/{projection}: a snapshot
// with its ETag. POST /api/projections/{projection}/rebuild (admin): replay the projection from the event
// store. runProjections: the events topic's `projections` subscription feeds the projection runner (a throw
// abandons the message, so the host delivers it again).
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { getApplication } from '../src/application.js';
import { jsonResponse, withProblemDetails } from '../src/http/respond.js';

export const getProjection: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit> =
  withProblemDetails(async (request) => {
    const { projection = '', key } = request.params;
    const { document, etag } = await getApplication().projections.queries.get(projection, key);
    const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
    if (request.headers.get('if-none-match') === etag) return { status: 304, headers };
    return jsonResponse(200, document, headers);
  });

app.http('getProjectionSnapshot', {
  methods: ['GET'],
  route: 'projections/{projection}/{key}',
  authLevel: 'function',
  handler: getProjection,
});

app.http('getProjection', {
  methods: ['GET'],
  route: 'projections/{projection}',
  authLevel: 'function',
  handler: getProjection,
});

export const rebuildProjection: (
  request: HttpRequest,
  context: InvocationContext,
) => Promise<HttpResponseInit> = withProblemDetails(async (request, context) => {
  const projection = request.params.projection ?? '';
  const summary = await getApplication().projections.rebuild(projection);
  context.log(`Rebuilt ${projection}: ${JSON.stringify(summary)}`);
  return jsonResponse(200, summary);
});

app.http('rebuildProjection', {
  methods: ['POST'],
  route: 'projections/{projection}/rebuild',
  authLevel: 'admin',
  handler: rebuildProjection,
});

export async function runProjections(message: unknown, context: InvocationContext): Promise<void> {
  const outcomes = await getApplication().projections.runner.handle(message);
  for (const { projection, key, outcome, gapFilled } of outcomes) {
    context.debug(
      `${projection}/${key}: ${outcome}${gapFilled ? ` after filling a gap of ${gapFilled}` : ''}`,
    );
  }
}

app.serviceBusTopic('runProjections', {
  connection: 'ServiceBusConnection',
  topicName: '%EventsTopicName%',
  subscriptionName: '%ProjectionsSubscriptionName%',
  handler: runProjections,
});
