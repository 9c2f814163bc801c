// Matches request paths against Azure Functions route templates (`commands/{aggregateType}/{id}`, optional
// `{name?}`, catch-all `{*rest}`, constraints like `{n:int}` are accepted and not enforced), in the host's
// order of precedence. The local host and the explorer's gateway both route with these.

export type RouteParams = Record<string, string>;

export function matchRoute(template: string, path: string): RouteParams | undefined {
  const patternSegments = template.split('/').filter(Boolean);
  const pathSegments = path.split('/').filter(Boolean);
  const params: RouteParams = {};
  for (let index = 0; index < patternSegments.length; index++) {
    const pattern = patternSegments[index] as string;
    const segment = pathSegments[index];
    const param = /^\{(\*?)([A-Za-z_][A-Za-z0-9_]*)(?::[^}?]+)?(\?)?\}$/.exec(pattern);
    if (!param) {
      if (segment === undefined || segment.toLowerCase() !== pattern.toLowerCase()) return undefined;
      continue;
    }
    const [, catchAll, name, optional] = param;
    if (catchAll) {
      params[name as string] = pathSegments.slice(index).map(safeDecode).join('/');
      return params;
    }
    if (segment === undefined) {
      if (optional) continue;
      return undefined;
    }
    params[name as string] = safeDecode(segment);
  }
  return pathSegments.length <= patternSegments.length ? params : undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Routes in the order the Functions host (ASP.NET routing) tries them: more literal segments first, then
 * fewer parameters, so `projections/{projection}/rebuild` wins over `projections/{projection}/{key}`. Ties
 * keep their registration order.
 */
export function orderByPrecedence<Route extends { route: string }>(routes: readonly Route[]): Route[] {
  const rank = (template: string) => {
    const segments = template.split('/').filter(Boolean);
    const parameters = segments.filter((segment) => segment.startsWith('{')).length;
    return { literals: segments.length - parameters, parameters };
  };
  return routes
    .map((route) => ({ route, ...rank(route.route) }))
    .sort((a, b) => b.literals - a.literals || a.parameters - b.parameters)
    .map(({ route }) => route);
}
