// The OpenAPI document's conventions: the request and response headers the routes read and send, and how each
// route is secured in Azure (App Service authentication in front of everything but the health probe, function
// keys on the keyed routes). Locally nothing is asked for.
import type { JsonSchema } from '../catalog.js';
import type { RegisteredRoute } from '../routes.js';

type Json = Record<string, unknown>;

export const REQUEST_HEADERS: Record<string, { description: string; schema: JsonSchema }> = {
  'X-Correlation-Id': {
    description: 'Echoed in the answer and recorded in the events; generated when absent.',
    schema: { type: 'string', pattern: '^[!-+\\--~]{1,128}$' },
  },
  'If-Match': {
    description: 'The stream version the command was decided on, quoted; 412 `version-mismatch` if it moved.',
    schema: { type: 'string', pattern: '^"\\d{1,15}"$', examples: ['"3"'] },
  },
  'Idempotency-Key': {
    description: 'A repeat of the same command with the same key is answered from the first run.',
    schema: { type: 'string', pattern: '^[!-+\\--~]{1,128}$' },
  },
  'X-Source': {
    description: "Recorded as the events' `source`.",
    schema: { type: 'string', maxLength: 200 },
  },
  'X-Commentary': {
    description: "Recorded as the events' `commentary`.",
    schema: { type: 'string', maxLength: 1000 },
  },
  'X-Requested-With': {
    description: "Required on POST through the explorer's gateway (a cross-site form cannot send it).",
    schema: { const: 'XMLHttpRequest' },
  },
  'If-None-Match': {
    description: 'An ETag from an earlier answer: 304 if unchanged.',
    schema: { type: 'string' },
  },
};

export const RESPONSE_HEADERS: Record<string, { description: string; schema: JsonSchema }> = {
  'X-Correlation-Id': { description: "The request's correlation id.", schema: { type: 'string' } },
  ETag: { description: "The stream version (quoted), or the document's ETag.", schema: { type: 'string' } },
  'Idempotent-Replayed': {
    description: '`true` when answered from an earlier run.',
    schema: { const: 'true' },
  },
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'string' } },
  Allow: { description: 'The methods the route takes.', schema: { type: 'string' } },
  Location: { description: 'Where the resource is.', schema: { type: 'string' } },
  'Cache-Control': { description: 'How long the file may be cached.', schema: { type: 'string' } },
};

// In Azure, App Service authentication asks every route but the health probe for a signed-in identity (an Entra
// ID token, or the explorer's session cookie); keyed routes want their key as well. Locally neither is needed.
const SECURITY = {
  function: [
    { functionKey: [], entraId: [] },
    { functionKeyQuery: [], entraId: [] },
  ],
  admin: [{ adminKey: [], entraId: [] }],
  explorer: [{ explorerSession: [] }, { entraId: [] }],
  open: [],
};

export function securityOf({ authLevel, route }: RegisteredRoute): Json[] {
  if (authLevel === 'function' || authLevel === 'admin') return SECURITY[authLevel];
  return route.split('/')[0] === 'ui' ? SECURITY.explorer : SECURITY.open;
}

export function securitySchemes(): Json {
  const key = 'A function key (Azure; locally no key is needed).';
  return {
    functionKey: { type: 'apiKey', in: 'header', name: 'x-functions-key', description: key },
    functionKeyQuery: { type: 'apiKey', in: 'query', name: 'code', description: key },
    adminKey: {
      type: 'apiKey',
      in: 'header',
      name: 'x-functions-key',
      description: "The host's admin (master) key.",
    },
    entraId: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        'An Entra ID access token for the app registration that App Service authentication checks.',
    },
    explorerSession: {
      type: 'apiKey',
      in: 'cookie',
      name: 'AppServiceAuthSession',
      description: 'A user signed in with App Service authentication (Entra ID), in Azure.',
    },
  };
}
