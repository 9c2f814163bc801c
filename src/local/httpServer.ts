// Serves captured HTTP registrations over plain Node HTTP, converting requests and responses the way the
// Functions host does (HttpRequest in, HttpResponseInit out), with the route prefix from host.json.

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import functions, { type HttpResponseInit } from '@azure/functions';
import type { HttpRegistration } from './registrations.js';
import { matchRoute } from './routes.js';

const { HttpRequest, InvocationContext: Context } = functions;
const MAX_REQUEST_BYTES = 100 * 1024 * 1024;

export function createFunctionsHttpServer(routes: HttpRegistration[], routePrefix: string): Server {
  const prefix = `/${routePrefix.replace(/^\/|\/$/g, '')}`;
  return createServer((req, res) => {
    handle(req, res, routes, prefix).catch((error: unknown) => {
      console.error('Local host: unhandled error', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, routes: HttpRegistration[], prefix: string) {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  const path = url.pathname;
  const relative = path === prefix || path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : undefined;
  const method = (req.method ?? 'GET').toUpperCase();
  for (const route of relative === undefined ? [] : routes) {
    const params = route.methods.includes(method) ? matchRoute(route.route, relative as string) : undefined;
    if (!params) continue;
    const body = await readBody(req);
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
  res.writeHead(404, { 'Content-Type': 'application/problem+json' });
  res.end(
    JSON.stringify({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      code: 'route-not-found',
      detail: `No function serves ${method} ${path}.`,
    }),
  );
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new Error('Request body over 100 MB');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
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
