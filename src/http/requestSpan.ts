// The server span of an HTTP request: the root of a command's trace (or a child of the caller's `traceparent`,
// or of the Functions host's trace context), named after the function, with the correlation id as an attribute
// so a trace can be found by the X-Correlation-Id the client got back.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { getTelemetry } from '../processApplication.js';
import { ATTRIBUTES, contextFromTraceparent, inSpan, SpanKind, traceparentOf } from '../telemetry/tracing.js';

export async function tracedRequest(
  request: HttpRequest,
  context: InvocationContext,
  correlationId: string,
  work: () => Promise<HttpResponseInit>,
): Promise<HttpResponseInit> {
  // Set up on the first request (lazily, like the application), so that request is traced too; a bad setting
  // is reported by the handler's own getApplication().
  await getTelemetry().catch(() => undefined);
  const traceparent =
    traceparentOf({ traceparent: request.headers.get('traceparent') ?? undefined }) ??
    traceparentOf({ traceparent: context.traceContext?.traceParent ?? undefined });
  const attributes = {
    'http.request.method': request.method,
    'url.path': new URL(request.url).pathname,
    [ATTRIBUTES.correlationId]: correlationId,
  };
  const parent = traceparent === undefined ? undefined : contextFromTraceparent(traceparent);
  return inSpan(
    `${request.method} ${context.functionName}`,
    { kind: SpanKind.SERVER, attributes, ...(parent && { parent }) },
    async (span) => {
      const response = await work();
      span.setAttribute('http.response.status_code', response.status ?? 200);
      if ((response.status ?? 200) >= 500) span.setStatus({ code: 2 });
      return response;
    },
  );
}
