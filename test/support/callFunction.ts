// Calls an exported Azure Functions handler the way the Functions host does, with HttpRequest and
// InvocationContext from @azure/functions, and reads the response back. It imports no function itself, so a
// test can load the registrations through @azure/functions-core first (methodGuards.test.ts).
import functions, { type HttpResponseInit } from '@azure/functions';

const { HttpRequest, InvocationContext } = functions;

export interface TestResponse {
  status: number;
  headers: Headers;
  body: string;
  json: Record<string, unknown>;
}

export interface CallOptions {
  method?: string;
  url?: string;
  params?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
}

export async function callFunction(
  handler: (
    request: InstanceType<typeof HttpRequest>,
    context: InstanceType<typeof InvocationContext>,
  ) => Promise<HttpResponseInit>,
  options: CallOptions,
): Promise<TestResponse> {
  const request = new HttpRequest({
    method: options.method ?? 'GET',
    url: options.url ?? 'http://localhost:7071/api/test',
    params: options.params ?? {},
    headers: options.headers ?? {},
    body: options.body === undefined ? undefined : { string: options.body },
  });
  const errors: unknown[] = [];
  const context = new InvocationContext({
    functionName: 'test',
    logHandler: (level, ...args) => {
      if (level === 'error') errors.push(args);
    },
  });
  const response = await handler(request, context);
  const body = typeof response.body === 'string' ? response.body : '';
  const json = body ? (JSON.parse(body) as Record<string, unknown>) : {};
  return {
    status: response.status ?? 200,
    headers: new Headers(response.headers as Record<string, string>),
    body,
    json,
  };
}
