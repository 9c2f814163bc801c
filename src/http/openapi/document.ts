// GET /api/openapi.json: the OpenAPI 3.1 description, generated from the registered routes (paths, methods,
// auth levels), the operations table (queries from the routes' own zod schemas, headers, answers, problem
// codes), the catalog (one path per command, with its payload's JSON Schema) and the component schemas.
import { z } from 'zod';
import { AGGREGATE_ID_PATTERN, SUBSCRIPTION_NAME_PATTERN } from '../../shared/identifiers.js';
import type { Catalog, JsonSchema } from '../catalog.js';
import type { RegisteredRoute } from '../routes.js';
import { REQUEST_HEADERS, RESPONSE_HEADERS, securityOf, securitySchemes } from './conventions.js';
import { operations } from './operations.js';
import { componentSchemas } from './schemas.js';
import type { Answer, Expansion, OperationSpec } from './spec.js';

type Json = Record<string, unknown>;

const PARAMETER_SCHEMAS: Record<string, JsonSchema> = {
  aggregateType: { type: 'string' },
  aggregateId: { type: 'string', pattern: AGGREGATE_ID_PATTERN.source },
  key: { type: 'string', pattern: AGGREGATE_ID_PATTERN.source },
  projection: { type: 'string' },
  subscription: { type: 'string', pattern: SUBSCRIPTION_NAME_PATTERN.source },
  path: { type: 'string', description: 'The rest of the path (may contain `/`).' },
};

export function buildOpenApiDocument(catalog: Catalog, routes: readonly RegisteredRoute[]): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    for (const method of route.methods) {
      // A function taking several methods may describe each on its own (`name:METHOD`).
      const spec = operations[`${route.name}:${method}`] ?? operations[route.name];
      if (!spec)
        throw new Error(`No OpenAPI description for route ${route.name} (src/http/openapi/operations.ts).`);
      for (const expansion of spec.expand?.(catalog) ?? [{ fixed: {}, summary: spec.summary }]) {
        const path = `/${route.route}`.replace(/\{\*?(\w+)[^}]*\}/g, (_, name: string) =>
          name in expansion.fixed ? (expansion.fixed[name] as string) : `{${name}}`,
        );
        const methods = paths[path] ?? {};
        paths[path] = methods;
        methods[method.toLowerCase()] = operation(route, spec, expansion, catalog, method);
      }
    }
  }
  return {
    openapi: '3.1.1',
    info: {
      title: 'Event-sourced CQRS on Azure Functions',
      version: '1',
      description:
        'Commands, event streams, projections and the explorer. Errors are `application/problem+json` (RFC 9457) with a stable `code`. Every route also answers the methods it does not take with 405 `method-not-allowed` and `Allow`.',
    },
    servers: [{ url: '/api' }],
    tags: ['commands', 'streams', 'projections', 'operations', 'explorer', 'workflows'].map((name) => ({
      name,
    })),
    paths,
    components: { schemas: components(), securitySchemes: securitySchemes() },
  };
}

function operation(
  route: RegisteredRoute,
  spec: OperationSpec,
  expansion: Expansion,
  catalog: Catalog,
  method: string,
) {
  const enums = spec.enums?.(catalog) ?? {};
  const pathParameters = [...route.route.matchAll(/\{\*?(\w+)[^}]*\}/g)]
    .map(([, name = '']) => name)
    .filter((name) => !(name in expansion.fixed))
    .map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: enums[name]
        ? { ...PARAMETER_SCHEMAS[name], enum: enums[name] }
        : (PARAMETER_SCHEMAS[name] ?? { type: 'string' }),
    }));
  const headers = ['X-Correlation-Id', ...(spec.headers ?? [])].map((name) => ({
    name,
    in: 'header',
    required: false,
    ...REQUEST_HEADERS[name],
  }));
  const suffix = route.methods.length > 1 ? method[0] + method.slice(1).toLowerCase() : '';
  const operationId = `${route.name}${suffix}${Object.values(expansion.fixed).map(pascal).join('')}`;
  const body: Json = {
    operationId,
    'x-function': route.name,
    summary: expansion.summary,
    tags: [spec.tag],
    parameters: [...pathParameters, ...queryParameters(spec.query), ...headers],
    responses: responses(spec),
    security: securityOf(route),
  };
  if (spec.description) body.description = spec.description;
  if (expansion.requestBody) {
    body.requestBody = {
      required: false,
      content: { 'application/json': { schema: expansion.requestBody } },
    };
  }
  return body;
}

function queryParameters(query: z.ZodObject | undefined) {
  if (!query) return [];
  const schema = z.toJSONSchema(query, { io: 'input' }) as {
    properties?: Record<string, Json>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

function responses(spec: OperationSpec): Json {
  const answers: Json = {};
  const common = { 400: ['validation-failed'], 405: ['method-not-allowed'], 500: ['internal-error'] };
  const problems: Record<number, string[]> = { ...common, ...spec.problems };
  for (const [status, answer] of Object.entries(spec.answers)) answers[status] = describeAnswer(answer);
  for (const [status, codes] of Object.entries(problems)) {
    const headers: Json = { 'X-Correlation-Id': RESPONSE_HEADERS['X-Correlation-Id'] };
    if (status === '503') headers['Retry-After'] = RESPONSE_HEADERS['Retry-After'];
    if (status === '405') headers.Allow = RESPONSE_HEADERS.Allow;
    answers[status] ??= {
      description: `Problem: ${codes.map((code) => `\`${code}\``).join(', ')}.`,
      headers,
      content: {
        'application/problem+json': {
          schema: {
            allOf: [
              { $ref: '#/components/schemas/Problem' },
              { type: 'object', properties: { code: { enum: codes } } },
            ],
          },
        },
      },
    };
  }
  return answers;
}

function describeAnswer({ description, body, headers = [] }: Answer): Json {
  const answer: Json = {
    description,
    headers: Object.fromEntries(
      ['X-Correlation-Id', ...headers].map((name) => [name, RESPONSE_HEADERS[name]]),
    ),
  };
  if (typeof body === 'string')
    answer.content = { 'application/json': { schema: { $ref: `#/components/schemas/${body}` } } };
  else if (body)
    answer.content = Object.fromEntries(Object.entries(body).map(([type, schema]) => [type, { schema }]));
  return answer;
}

function components(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(componentSchemas, { uri: (id) => `#/components/schemas/${id}` }) as {
    schemas: Record<string, JsonSchema>;
  };
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _, $id: __, ...schema }]) => [id, schema]),
  );
}

function pascal(value: string): string {
  return value
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}
