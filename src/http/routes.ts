// Registers an HTTP function together with its method guard: a second function on the same route template
// that answers every other method with 405 problem+json and an `Allow` header. Without it the Functions host
// (and the local host) answer a wrong method with 404, as if the route did not exist. Each registration is
// also kept in this process's route table (`registeredRoutes`), which the OpenAPI document describes and the
// explorer's gateway routes through: the Functions host loads every file of functions/ before it serves.
import { app, type HttpFunctionOptions, type HttpMethod } from '@azure/functions';
import { MethodNotAllowedError } from '../errors.js';
import { type HttpHandler, withProblemDetails } from './respond.js';

const GUARDED_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export interface HttpRouteOptions extends HttpFunctionOptions {
  methods: HttpMethod[];
  route: string;
  handler: HttpHandler;
}

/** One registered route (its method guard aside), as `httpRoute` received it. */
export interface RegisteredRoute {
  name: string;
  route: string;
  methods: readonly HttpMethod[];
  authLevel: NonNullable<HttpFunctionOptions['authLevel']>;
  handler: HttpHandler;
}

const routeTable = new Map<string, RegisteredRoute>();

/** Every route registered with `httpRoute` in this process, in registration order. */
export function registeredRoutes(): RegisteredRoute[] {
  return [...routeTable.values()];
}

export function httpRoute(name: string, options: HttpRouteOptions): void {
  app.http(name, options);
  const { route, methods, handler } = options;
  routeTable.set(name, { name, route, methods, authLevel: options.authLevel ?? 'anonymous', handler });
  const others = GUARDED_METHODS.filter((method) => !options.methods.includes(method));
  if (others.length === 0) return;
  app.http(`${name}MethodNotAllowed`, {
    methods: others,
    route: options.route,
    // The guard needs the route's own key: a caller without one learns nothing it could not learn before.
    authLevel: options.authLevel,
    handler: methodNotAllowed(options.methods),
  });
}

/** The guard's handler: 405 naming the methods the route takes. */
export function methodNotAllowed(allowed: readonly HttpMethod[]): HttpHandler {
  return withProblemDetails(async (request) => {
    throw new MethodNotAllowedError(
      `${request.method} is not allowed here; this route takes ${allowed.join(' or ')}.`,
      allowed,
    );
  });
}
