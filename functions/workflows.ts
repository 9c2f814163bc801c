// Workflows (process managers). runWorkflows: the events topic's `workflows` subscription (filtered to the
// events some workflow reacts to) feeds the engine; fireWorkflowTimers: the timers queue, where the workflows'
// durable timers arrive when due. A store outage is waited out inside the invocation (MessageRetryForInMs);
// other failures throw, so the host delivers the message again (dead-lettered after the max delivery count).
// GET /api/workflows/{workflow}/{instanceId}: an instance's status, state, pending outputs and timers.
// POST /api/workflows/{workflow}/{instanceId}/retry (admin): resumes a stuck instance.
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { jsonResponse, withProblemDetails } from '../src/http/respond.js';
import { httpRoute } from '../src/http/routes.js';
import { parseWorkflowRoute } from '../src/http/workflowRequest.js';
import { getApplication } from '../src/processApplication.js';
import { invocationTraceparent } from '../src/telemetry/tracing.js';

export async function runWorkflows(message: unknown, context: InvocationContext): Promise<void> {
  const { workflows } = await getApplication();
  for (const { workflow, instanceId, outcome } of await workflows.handleEvent(
    message,
    invocationTraceparent(context),
  )) {
    context.debug(`${workflow}/${instanceId}: ${outcome}`);
  }
}

app.serviceBusTopic('runWorkflows', {
  connection: 'ServiceBusConnection',
  topicName: '%EventsTopicName%',
  subscriptionName: '%WorkflowsSubscriptionName%',
  handler: runWorkflows,
});

export async function fireWorkflowTimers(message: unknown, context: InvocationContext): Promise<void> {
  const { workflows } = await getApplication();
  const { workflow, instanceId, outcome } = await workflows.handleTimer(
    message,
    invocationTraceparent(context),
  );
  context.debug(`${workflow}/${instanceId}: timer ${outcome}`);
}

app.serviceBusQueue('fireWorkflowTimers', {
  connection: 'ServiceBusConnection',
  queueName: '%WorkflowTimersQueueName%',
  handler: fireWorkflowTimers,
});

export const getWorkflowInstance: (
  request: HttpRequest,
  context: InvocationContext,
) => Promise<HttpResponseInit> = withProblemDetails(async (request) => {
  const { workflow, instanceId } = parseWorkflowRoute(request);
  const view = await (await getApplication()).workflows.status(workflow, instanceId);
  return jsonResponse(200, view, { ETag: `"${view.version}"`, 'Cache-Control': 'no-cache' });
});

httpRoute('getWorkflowInstance', {
  methods: ['GET'],
  route: 'workflows/{workflow}/{instanceId}',
  authLevel: 'function',
  handler: getWorkflowInstance,
});

export const retryWorkflowInstance: (
  request: HttpRequest,
  context: InvocationContext,
) => Promise<HttpResponseInit> = withProblemDetails(async (request, context) => {
  const { workflow, instanceId } = parseWorkflowRoute(request);
  const view = await (await getApplication()).workflows.retry(workflow, instanceId);
  context.log(`Retried workflow ${workflow}/${instanceId}: now ${view.status}.`);
  return jsonResponse(200, view);
});

httpRoute('retryWorkflowInstance', {
  methods: ['POST'],
  route: 'workflows/{workflow}/{instanceId}/retry',
  authLevel: 'admin',
  handler: retryWorkflowInstance,
});
