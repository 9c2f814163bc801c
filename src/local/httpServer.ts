// Serves captured HTTP registrations over plain Node HTTP, converting requests and responses the way the
// Functions host does (HttpRequest in, HttpResponseInit out), with the route prefix from host.json, the
// host's route precedence and its request body limit.

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import functions, { type HttpResponseInit } from '@azure/functions';
import { type ProblemDetails, problem } from '../http/problem.js';
import { matchRoute, orderByPrecedence } from '../http/routeTemplates.js';
import type { HttpRegistration } from './registrations.js';
import {
  answerClientError,
  bodyTooLarge,
  closeWhenAnswered,
  declaresMoreThan,
  readBodyWithin,
} from './requestLimits.js';

const { HttpRequest, InvocationContext: Context } = functions;

export interface FunctionsHttpServerOptions {
  /** host.json extensions.http.routePrefix, e.g. `api`. */
  routePrefix: string;
  /** FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: longer bodies are refused with 413 while they stream in. */
  maxRequestBodyBytes: number;
}

interface Served {
  routes: HttpRegistration[];
  prefix: string;
  limit: number;
}

export function createFunctionsHttpServer(
  routes: HttpRegistration[],
  options: FunctionsHttpServerOptions,
): Server {
  const served: Served = {
    routes: orderByPrecedence(routes),
    prefix: `/${options.routePrefix.replace(/^\/|\/$/g, '')}`,
    limit: options.maxRequestBodyBytes,
  };
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res, served).catch((error: unknown) => {
      console.error('Local host: unhandled error', error);
      if (res.headersSent || res.destroyed) return void res.destroy();
      sendProblem(res, problem(500, 'internal-error', 'The local host failed to serve the request.'));
    });
  };
  const server = createServer(serve);
  // With this listener Node leaves `100 Continue` to us: a body that is declared too large is never invited.
  server.on('checkContinue', serve);
  server.on('clientError', answerClientError);
  return server;
}

async function handle(req: IncomingMessage, res: ServerResponse, { routes, prefix, limit }: Served) {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  const path = url.pathname;
  const relative = path === prefix || path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : undefined;
  const method = (req.method ?? 'GET').toUpperCase();
  for (const route of relative === undefined ? [] : routes) {
    const params = route.methods.includes(method) ? matchRoute(route.route, relative as string) : undefined;
    if (!params) continue;
    if (declaresMoreThan(req.headers, limit)) return refuseBody(req, res, limit);
    if (req.httpVersion === '1.1' && req.headers.expect?.toLowerCase() === '100-continue')
      res.writeContinue();
    const body = await readBodyWithin(req, limit);
    if (body === undefined) return refuseBody(req, res, limit);
    const request = new HttpRequest({
      method,
      url: url.href,
      headers: flattenHeaders(req),
      params,
      body: { bytes: body },
    });
    const context = new Context({ functionName: route.name, invocationId: randomUUID() });
    const response = (await route.handler(request, context as never)) as HttpResponseInit | undefined;
    return send(res, response ?? {});
  }
  sendProblem(res, problem(404, 'route-not-found', `No function serves ${method} ${path}.`));
}

/** 413, then the connection closes: the rest of the body is never kept. */
function refuseBody(req: IncomingMessage, res: ServerResponse, limit: number): void {
  closeWhenAnswered(req);
  sendProblem(res, bodyTooLarge(limit), { Connection: 'close' });
}

function sendProblem(
  res: ServerResponse,
  details: ProblemDetails,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(details);
  res.writeHead(details.status, {
    'Content-Type': 'application/problem+json',
    'Content-Length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

// Node and the Functions host hand a repeated header over joined with ", " (the app refuses that where one
// value is expected); values stay Latin-1 byte strings, as undici's Headers takes nothing above U+00FF.
function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function send(res: ServerResponse, response: HttpResponseInit): void {
  const headers = new Headers(response.headers as ConstructorParameters<typeof Headers>[0]);
  let body: string | Buffer | undefined;
  if (response.jsonBody !== undefined) {
    body = JSON.stringify(response.jsonBody);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  } else if (typeof response.body === 'string' || Buffer.isBuffer(response.body)) {
    body = response.body;
  } else if (response.body instanceof Uint8Array) {
    body = Buffer.from(response.body);
  }
  res.writeHead(response.status ?? 200, Object.fromEntries(headers.entries()));
  res.end(body);
}
