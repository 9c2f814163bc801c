// Replays of the stored history to one subscription of the events topic (README "Replaying the history to a new
// subscriber"). POST /api/replays/{subscription} (admin): starts one (or answers the one under way with the same
// scope), 202 with its checkpoint and its URL; the pages go as steps over the rebuild queue (runRebuildWork,
// functions/projections.ts). GET /api/replays/{subscription} (admin): its checkpoint. One function takes both
// methods, as every route has one function and a guard answering its other methods with 405.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { parseReplayRequest, replayView } from '../src/http/replayRequest.js';
import { readJsonBody } from '../src/http/requestBody.js';
import { jsonResponse, withProblemDetails } from '../src/http/respond.js';
import { httpRoute } from '../src/http/routes.js';
import { getApplication } from '../src/processApplication.js';

type Handler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

export const startReplay: Handler = withProblemDetails(async (request, context) => {
  const subscription = request.params.subscription ?? '';
  const application = await getApplication();
  const body = await readJsonBody(request);
  const options = parseReplayRequest(body, application.registry.aggregateTypes());
  const checkpoint = await application.replays.start(subscription, options);
  context.log(`Replay to ${subscription}: begun ${checkpoint.startedAt}, at page ${checkpoint.pages}`);
  const view = replayView(request, checkpoint);
  return jsonResponse(202, view, { Location: view.url });
});

export const getReplay: Handler = withProblemDetails(async (request) => {
  const { replays } = await getApplication();
  const checkpoint = await replays.get(request.params.subscription ?? '');
  return jsonResponse(200, replayView(request, checkpoint), { 'Cache-Control': 'no-cache' });
});

export const replays: Handler = (request, context) =>
  request.method === 'POST' ? startReplay(request, context) : getReplay(request, context);

httpRoute('replays', {
  methods: ['GET', 'POST'],
  route: 'replays/{subscription}',
  authLevel: 'admin',
  handler: replays,
});
