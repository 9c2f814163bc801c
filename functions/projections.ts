// The read side. GET /api/projections/{projection}/{key}: one document with its ETag; GET
// /api/projections/{projection}?limit=&continuation=: a page of a list or of a classifier's group.
// POST /api/projections/{projection}/rebuild (admin): starts a rebuild job, 202 with the job and its URL;
// GET /api/projections/{projection}/rebuild/{job} (admin): its progress. runRebuildWork: the rebuild queue's
// steps of those jobs (and of replays, functions/replays.ts). runProjections: the events topic's `projections`
// subscription feeds the projection runner; a store outage is waited out inside the invocation
// (MessageRetryForInMs), other failures throw, so the host abandons the message and delivers it again
// (dead-lettered after the subscription's max delivery count).
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { parseQuery } from '../src/http/query.js';
import { jsonResponse, withProblemDetails } from '../src/http/respond.js';
import { httpRoute } from '../src/http/routes.js';
import { getApplication } from '../src/processApplication.js';
import { jobView, type RebuildJob } from '../src/projections/rebuildJob.js';
import { invocationTraceparent } from '../src/telemetry/tracing.js';

export const getProjection: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit> =
  withProblemDetails(async (request) => {
    const { projection = '', key } = request.params;
    const { projections } = await getApplication();
    if (key === undefined) {
      const query = parseQuery(request, projections.queries.pageQuery(projection));
      const page = await projections.queries.page(projection, query);
      return jsonResponse(200, page, { 'Cache-Control': 'no-cache' });
    }
    const { document, etag } = await projections.queries.get(projection, key);
    const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
    if (request.headers.get('if-none-match') === etag) return { status: 304, headers };
    return jsonResponse(200, document, headers);
  });

httpRoute('getProjectionSnapshot', {
  methods: ['GET'],
  route: 'projections/{projection}/{key}',
  authLevel: 'function',
  handler: getProjection,
});

httpRoute('getProjection', {
  methods: ['GET'],
  route: 'projections/{projection}',
  authLevel: 'function',
  handler: getProjection,
});

/** The job as the API shows it, with where to poll it. */
function jobResource(request: HttpRequest, job: RebuildJob) {
  const url = new URL(`projections/${job.projection}/rebuild/${job.id}`, rebuildBase(request)).toString();
  return { ...jobView(job), url };
}

/** `…/api/` of the request's own URL. */
function rebuildBase(request: HttpRequest): string {
  const { href } = new URL(request.url);
  return href.slice(0, href.indexOf('/projections/') + 1);
}

export const rebuildProjection: (
  request: HttpRequest,
  context: InvocationContext,
) => Promise<HttpResponseInit> = withProblemDetails(async (request, context) => {
  const projection = request.params.projection ?? '';
  const { projections } = await getApplication();
  const job = await projections.rebuilds.start(projection);
  context.log(`Rebuild of ${projection}: job ${job.id}, ${job.phase}`);
  const resource = jobResource(request, job);
  return jsonResponse(202, resource, { Location: resource.url });
});

httpRoute('rebuildProjection', {
  methods: ['POST'],
  route: 'projections/{projection}/rebuild',
  authLevel: 'admin',
  handler: rebuildProjection,
});

export const getRebuildJob: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit> =
  withProblemDetails(async (request) => {
    const { projection = '', job = '' } = request.params;
    const { projections } = await getApplication();
    const found = await projections.rebuilds.get(projection, job);
    return jsonResponse(200, jobResource(request, found), { 'Cache-Control': 'no-cache' });
  });

httpRoute('getRebuildJob', {
  methods: ['GET'],
  route: 'projections/{projection}/rebuild/{job}',
  authLevel: 'admin',
  handler: getRebuildJob,
});

export async function runProjections(message: unknown, context: InvocationContext): Promise<void> {
  const { projections } = await getApplication();
  const outcomes = await projections.handleMessage(message, invocationTraceparent(context));
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

/** runRebuildWork: the rebuild queue feeds the steps of rebuild jobs and of replays, one message per step. */
export async function runRebuildWork(message: unknown): Promise<void> {
  const application = await getApplication();
  await application.handleQueuedWork(message);
}

app.serviceBusQueue('runRebuildWork', {
  connection: 'ServiceBusConnection',
  queueName: '%RebuildQueueName%',
  handler: runRebuildWork,
});
