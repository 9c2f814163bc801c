// GET /api/openapi.json: a valid OpenAPI 3.1 document (checked by a maintained validator), describing exactly
// the routes the functions register (loaded as the local host loads them), each command with its payload's
// schema, and answers whose documented schemas the live answers satisfy. The same on every store.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { getCatalog, getOpenApi } from '../../functions/catalog.js';
import type { Catalog } from '../../src/http/catalog.js';
import { buildOpenApiDocument } from '../../src/http/openapi/document.js';
import * as schemas from '../../src/http/openapi/schemas.js';
import { registeredRoutes } from '../../src/http/routes.js';
import { matchRoute, orderByPrecedence } from '../../src/http/routeTemplates.js';
import { createTestApplication, useApplicationInBlock } from '../support/application.js';
import { uniqueId } from '../support/envelopes.js';
import { callFunction, readState, readStream, sendCommand } from '../support/functions.js';
import { type RegisteredRoute, registeredRoutesOf } from '../support/registeredRoutes.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

type Operation = {
  operationId: string;
  'x-function': string;
  parameters: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<
    string,
    { headers?: Record<string, unknown>; content?: Record<string, { schema: unknown }> }
  >;
};
type Document = { paths: Record<string, Record<string, Operation>> };

let registrations: RegisteredRoute[];

beforeAll(async () => {
  // The routes as the Functions host and the local host see them: every app.http call of dist/functions.
  registrations = registeredRoutesOf(root);
  // The document describes the routes registered in this process: load every function module here too.
  for (const file of (await readdir(join(root, 'functions'))).filter((name) => name.endsWith('.ts'))) {
    await import(pathToFileURL(join(root, 'functions', file)).href);
  }
});

const fetchDocument = async () => {
  const response = await callFunction(getOpenApi, { url: 'http://localhost:7071/api/openapi.json' });
  expect(response.status).toBe(200);
  return response.json as unknown as Document;
};

describe('the OpenAPI document', () => {
  useApplicationInBlock(createTestApplication({ store: 'table' }));
  let document: Document;
  beforeAll(async () => {
    document = await fetchDocument();
  });

  it('is valid OpenAPI 3.1, with every $ref resolving', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(() => validator.resolveRefs()).not.toThrow();
  });

  it('holds JSON Schemas (draft 2020-12) that compile, strictly', () => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    addFormats.default(ajv);
    const components = (document as unknown as { components: { schemas: Record<string, object> } })
      .components;
    // The component schemas, where a standalone JSON Schema can refer to them.
    const resolved = (schema: unknown) =>
      JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"openapi#/$defs/'));
    ajv.addSchema({ $id: 'openapi', $defs: resolved(components.schemas) });
    let compiled = 0;
    for (const operations of Object.values(document.paths)) {
      for (const operation of Object.values(operations)) {
        const bodies = [
          ...Object.values(operation.requestBody?.content ?? {}),
          ...Object.values(operation.responses).flatMap(({ content }) => Object.values(content ?? {})),
        ];
        for (const { schema } of bodies) {
          ajv.compile(resolved(schema));
          compiled++;
        }
      }
    }
    expect(compiled).toBeGreaterThan(50);
  });

  it('describes every registered route and method, and nothing that is not registered', () => {
    const routes = registrations.filter(({ name }) => !name.endsWith('MethodNotAllowed'));
    const byPrecedence = orderByPrecedence(routes);
    const served = new Set<string>();
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        // The route the host would pick for this path and method is the one the operation says it is.
        const route = byPrecedence.find(
          (candidate) =>
            candidate.methods.includes(method.toUpperCase()) && matchRoute(candidate.route, path.slice(1)),
        );
        expect(route, `${method.toUpperCase()} ${path} is served by no registered route`).toBeDefined();
        expect(operation['x-function'], `${method} ${path}`).toBe(route?.name);
        served.add(`${route?.name} ${method.toUpperCase()}`);
      }
    }
    const registered = routes.flatMap(({ name, methods }) => methods.map((method) => `${name} ${method}`));
    expect([...served].sort()).toEqual(registered.sort());
  });

  it('documents the 405 of every method guard on the paths it guards', () => {
    const guards = registrations.filter(({ name }) => name.endsWith('MethodNotAllowed'));
    expect(guards.length).toBeGreaterThan(5);
    for (const guard of guards) {
      const route = guard.name.replace(/MethodNotAllowed$/, '');
      const operations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
        Object.entries(byMethod)
          .filter(([, operation]) => operation['x-function'] === route)
          .map(([method, operation]) => ({ path, method, operation })),
      );
      expect(operations.length, guard.name).toBeGreaterThan(0);
      for (const { path, method, operation } of operations) {
        expect(matchRoute(guard.route, path.slice(1)), path).toBeDefined();
        expect(guard.methods).not.toContain(method.toUpperCase());
        expect(operation.responses['405'], `${method} ${path}`).toBeDefined();
      }
    }
  });

  it('has one path per command, with the payload schema the catalog gives and the command headers', async () => {
    const catalog = (await callFunction(getCatalog, {})).json as unknown as Catalog;
    for (const { type, commands } of catalog.aggregateTypes) {
      for (const { name, schema } of commands) {
        const operation = document.paths[`/commands/${type}/{aggregateId}/${name}`]?.post;
        expect(operation?.requestBody?.content['application/json']?.schema).toEqual(schema);
        expect(operation?.parameters.map(({ name }) => name)).toEqual(
          expect.arrayContaining(['aggregateId', 'X-Correlation-Id', 'If-Match', 'Idempotency-Key']),
        );
        expect(Object.keys(operation?.responses['200']?.headers ?? {})).toEqual(
          expect.arrayContaining(['ETag', 'Idempotent-Replayed', 'X-Correlation-Id']),
        );
        const codes = (status: string) =>
          JSON.stringify(operation?.responses[status]?.content?.['application/problem+json']?.schema);
        expect(codes('412')).toContain('version-mismatch');
        expect(codes('422')).toContain('domain-rule-violated');
        expect(codes('400')).toContain('validation-failed');
      }
    }
  });

  it('documents the queries the routes parse, and the headers of their answers', () => {
    const listing = document.paths['/streams/{aggregateType}']?.get;
    expect(listing?.parameters.filter((p) => p.in === 'query').map(({ name }) => name)).toEqual([
      'limit',
      'continuation',
    ]);
    const state = document.paths['/streams/{aggregateType}/{aggregateId}/state']?.get;
    expect(state?.parameters.filter((p) => p.in === 'query').map(({ name }) => name)).toEqual([
      'asOfVersion',
    ]);
    expect(Object.keys(state?.responses['200']?.headers ?? {})).toContain('ETag');
    expect(Object.keys(state?.responses['503']?.headers ?? {})).toContain('Retry-After');
  });

  it('describes answers that the live answers satisfy', async () => {
    const id = uniqueId('acc');
    const opened = await sendCommand('bank.account', id, 'open', { owner: 'Ada' });
    expect(schemas.commandResultSchema.safeParse(opened.json).error).toBeUndefined();
    expect(
      schemas.streamPageSchema.safeParse((await readStream('bank.account', id)).json).error,
    ).toBeUndefined();
    expect(
      schemas.stateAsOfSchema.safeParse((await readState('bank.account', id)).json).error,
    ).toBeUndefined();
    const catalog = (await callFunction(getCatalog, {})).json;
    expect(schemas.catalogSchema.safeParse(catalog).error).toBeUndefined();
    const refused = await sendCommand('bank.account', id, 'deposit', { amount: -1 });
    expect(schemas.problemSchema.safeParse(refused.json).error).toBeUndefined();
  });

  it('cannot be generated for a route nobody described', () => {
    const [route] = registeredRoutes();
    if (!route) throw new Error('no routes registered');
    expect(() =>
      buildOpenApiDocument({ aggregateTypes: [], projections: [], workflows: [] }, [
        { ...route, name: 'mystery' },
      ]),
    ).toThrow('No OpenAPI description for route mystery');
  });
});

describe('whatever store a type is mapped to', () => {
  const documents: unknown[] = [];
  for (const store of ['table', 'blob', 'files'] as const) {
    describe(`on ${store}`, () => {
      useApplicationInBlock(createTestApplication({ store }));
      it('is generated', async () => {
        documents.push(await fetchDocument());
      });
    });
  }
  it('the document is the same', () => {
    expect(documents).toHaveLength(3);
    expect(documents[1]).toEqual(documents[0]);
    expect(documents[2]).toEqual(documents[0]);
  });
});
