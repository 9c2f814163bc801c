// The explorer's way into the API: `/api/ui/api/{path}` runs the function-key route that `/api/{path}` names,
// with the same request and the same answer. A browser signed in with App Service authentication has no
// function key, so the explorer cannot call the keyed routes directly; the gateway itself is checked by
// explorerAccess.ts instead. Admin routes (the rebuild) and anonymous ones are not reachable through it.
import functions, { type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { NotFoundError } from '../errors.js';
import type { RegisteredRoute } from './routes.js';
import { matchRoute, orderByPrecedence } from './routeTemplates.js';

const { HttpRequest: Request } = functions;

export const GATEWAY_PREFIX = 'ui/api/';

export async function forwardToApi(
  request: HttpRequest,
  context: InvocationContext,
  routes: readonly RegisteredRoute[],
  correlationId: string,
): Promise<HttpResponseInit> {
  const path = request.params.path ?? '';
  const method = request.method.toUpperCase();
  const keyed = routes.filter(
    (route) => route.authLevel === 'function' && route.methods.includes(method as never),
  );
  for (const route of orderByPrecedence(keyed)) {
    const params = matchRoute(route.route, path);
    if (!params) continue;
    const url = new URL(request.url);
    url.pathname = url.pathname.replace(`/${GATEWAY_PREFIX}`, '/');
    const headers = Object.fromEntries(request.headers.entries());
    // The same correlation id on both sides: the events record the one the answer carries.
    headers['x-correlation-id'] = correlationId;
    const body = method === 'GET' ? undefined : { bytes: new Uint8Array(await request.arrayBuffer()) };
    const forwarded = new Request({ method, url: url.href, headers, params, body });
    return route.handler(forwarded, context);
  }
  throw new NotFoundError('route-not-found', `No route of the API serves ${method} /api/${path}.`);
}
