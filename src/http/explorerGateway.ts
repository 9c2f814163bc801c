// The explorer's way into the API: `/api/ui/api/{path}` runs the function-key route that `/api/{path}` names,
// with the same request and the same answer. A browser signed in with App Service authentication has no
// function key, so the explorer cannot call the keyed routes directly; the gateway itself is checked by
// explorerAccess.ts instead. Admin routes (the rebuild) and anonymous ones are not reachable through it.
import functions, { type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { NotFoundError, ValidationFailedError } from '../errors.js';
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
  // The browser's sign-in cookie goes with any request to this app, a form another site submits too; a header
  // of its own it cannot send (nor, without CORS, have a script send), so a command needs one.
  if (method !== 'GET' && request.headers.get('x-requested-with') !== 'XMLHttpRequest') {
    throw new ValidationFailedError('The explorer sends commands from its own page only.', [
      {
        path: 'headers.x-requested-with',
        message: 'must be XMLHttpRequest (a cross-site form cannot send it)',
      },
    ]);
  }
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
