// Calls exported Azure Functions handlers the way the Functions host does, with HttpRequest and
// InvocationContext from @azure/functions, and reads the response back.
import functions, { type HttpResponseInit } from '@azure/functions';
import { postCommand } from '../../functions/commands.js';
import { getState, getStream } from '../../functions/streams.js';

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

export function sendCommand(
  aggregateType: string,
  aggregateId: string,
  commandName: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<TestResponse> {
  const body =
    payload === undefined ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload);
  return callFunction(postCommand, {
    method: 'POST',
    url: `http://localhost:7071/api/commands/${aggregateType}/${aggregateId}/${commandName}`,
    params: { aggregateType, aggregateId, commandName },
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body,
  });
}

export function readStream(aggregateType: string, aggregateId: string, query = ''): Promise<TestResponse> {
  return callFunction(getStream, {
    url: `http://localhost:7071/api/streams/${aggregateType}/${aggregateId}${query}`,
    params: { aggregateType, aggregateId },
  });
}

export function readState(aggregateType: string, aggregateId: string, query = ''): Promise<TestResponse> {
  return callFunction(getState, {
    url: `http://localhost:7071/api/streams/${aggregateType}/${aggregateId}/state${query}`,
    params: { aggregateType, aggregateId },
  });
}
