// Issue 10 item 12: every HTTP function has a method guard on its route that answers the other methods with
// 405 problem+json and `Allow`, instead of the host's 404.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type HttpRegistration, loadRegistrations } from '../../src/local/registrations.js';
import { callFunction } from '../support/callFunction.js';

let http: HttpRegistration[];

beforeAll(async () => {
  // The global setup has just built dist/, so these are today's registrations, found as the host finds them
  // (through @azure/functions-core): nothing in this file imports a function in test mode before.
  const root = fileURLToPath(new URL('../..', import.meta.url));
  ({ http } = await loadRegistrations(root));
});

describe('item 12: method guards', () => {
  it('item 12: answers a wrong method on the command route with 405 problem+json and Allow: POST', async () => {
    const guard = http.find(({ name }) => name === 'postCommandMethodNotAllowed');
    expect(guard?.methods).toContain('GET');
    const handler = guard?.handler as unknown as Parameters<typeof callFunction>[0];
    const response = await callFunction(handler, { method: 'GET' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.json).toMatchObject({ code: 'method-not-allowed', allowed: ['POST'] });
  });

  it('item 12: registers a guard beside every HTTP function, on its route, for every other method', () => {
    const functions = http.filter(({ name }) => !name.endsWith('MethodNotAllowed'));
    expect(functions.map(({ name }) => name)).toContain('rebuildProjection');
    for (const { name, route, methods } of functions) {
      const guard = http.find((candidate) => candidate.name === `${name}MethodNotAllowed`);
      expect(guard?.route).toBe(route);
      expect([...methods, ...(guard?.methods ?? [])].sort()).toEqual([
        'DELETE',
        'GET',
        'PATCH',
        'POST',
        'PUT',
      ]);
    }
  });
});
