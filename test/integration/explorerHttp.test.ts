// The explorer's routes: its gateway runs the keyed API routes with the same request and answer (and nothing
// else: not the admin rebuild, not the anonymous routes), and ExplorerAccess keeps both the page and the gateway
// closed in Azure unless App Service authentication signed the user in.
import { describe, expect, it } from 'vitest';
import '../../functions/catalog.js';
import '../../functions/projections.js';
import { explorerGateway, getExplorerFile } from '../../functions/explorer.js';
import { createTestApplication, useApplicationInBlock } from '../support/application.js';
import { uniqueId } from '../support/envelopes.js';
import { callFunction, readStream } from '../support/functions.js';

const gateway = (
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
) =>
  callFunction(explorerGateway, {
    method: options.method ?? 'GET',
    url: `http://localhost:7071/api/ui/api/${path}`,
    params: { path: path.split('?')[0] ?? '' },
    headers: {
      ...(options.method === 'POST' ? { 'x-requested-with': 'XMLHttpRequest' } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });

describe('the explorer gateway', () => {
  useApplicationInBlock(createTestApplication({ store: 'table' }));

  it('runs a command and reads it back as the API routes do, with one correlation id throughout', async () => {
    const id = uniqueId('acc');
    const opened = await gateway(`commands/bank.account/${id}/open`, {
      method: 'POST',
      body: { owner: 'Ada' },
      headers: { 'x-correlation-id': 'corr-gw-1', 'if-match': '"0"' },
    });
    expect(opened.status).toBe(200);
    expect(opened.headers.get('etag')).toBe('"1"');
    expect(opened.headers.get('x-correlation-id')).toBe('corr-gw-1');
    const generated = await gateway(`commands/bank.account/${id}/deposit`, {
      method: 'POST',
      body: { amount: 5 },
    });
    const correlationId = generated.headers.get('x-correlation-id');
    const stream = await gateway(`streams/bank.account/${id}?fromVersion=1`);
    expect(stream.status).toBe(200);
    expect(stream.json).toEqual((await readStream('bank.account', id)).json);
    const events = stream.json.events as { metadata: { correlationId: string } }[];
    expect(events.map(({ metadata }) => metadata.correlationId)).toEqual(['corr-gw-1', correlationId]);
  });

  it("answers with the API route's problems", async () => {
    const id = uniqueId('acc');
    const refused = await gateway(`commands/bank.account/${id}/open`, {
      method: 'POST',
      body: { owner: '' },
    });
    expect([refused.status, refused.json.code]).toEqual([400, 'validation-failed']);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect((await gateway('streams/no.such-type')).json.code).toBe('unknown-aggregate-type');
  });

  it('takes a command only from a script of its own page, not from a form another site submits', async () => {
    const id = uniqueId('acc');
    await gateway(`commands/bank.account/${id}/open`, { method: 'POST', body: { owner: 'Ada' } });
    // A cross-site form: no body of its own (an empty body reads as {}), and no X-Requested-With.
    const forged = await gateway(`commands/bank.account/${id}/close`, {
      method: 'POST',
      headers: { 'x-requested-with': '', 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect([forged.status, forged.json.code]).toEqual([400, 'validation-failed']);
    expect(forged.json.errors).toEqual([{ path: 'headers.x-requested-with', message: expect.any(String) }]);
    expect((await readStream('bank.account', id)).json.version).toBe(1);
  });

  it('reaches only the keyed routes: not the admin rebuild, not health, not itself', async () => {
    for (const [method, path] of [
      ['POST', 'projections/account-balance/rebuild'],
      ['GET', 'health'],
      ['GET', 'ui/api/catalog'],
      ['GET', 'nothing/here'],
      ['POST', 'catalog'],
    ]) {
      const response = await gateway(path as string, { method });
      expect(`${method} ${path}: ${response.status} ${response.json.code}`).toBe(
        `${method} ${path}: 404 route-not-found`,
      );
    }
    expect((await gateway('catalog')).status).toBe(200);
  });
});

describe('access to the explorer', () => {
  const page = (headers: Record<string, string> = {}) =>
    callFunction(getExplorerFile, {
      url: 'http://localhost:7071/api/ui/index.html',
      params: { path: 'index.html' },
      headers,
    });

  describe('in Azure with App Service authentication on', () => {
    useApplicationInBlock(
      createTestApplication({
        env: { ExplorerAccess: 'app-service-authentication', WEBSITE_AUTH_ENABLED: 'True' },
      }),
    );

    it('refuses a request it did not sign in, pointing at the sign-in', async () => {
      for (const response of [await page(), await gateway('catalog')]) {
        expect([response.status, response.json.code]).toEqual([401, 'authentication-required']);
        expect(response.json.signIn).toBe('/.auth/login/aad?post_login_redirect_uri=/api/ui/');
      }
    });

    it('lets a signed-in user in, whose name the events record as who', async () => {
      const user = { 'x-ms-client-principal-id': 'b1c2', 'x-ms-client-principal-name': 'ada@example.com' };
      expect((await page(user)).status).not.toBe(401);
      const id = uniqueId('acc');
      const opened = await gateway(`commands/bank.account/${id}/open`, {
        method: 'POST',
        body: { owner: 'Ada' },
        headers: user,
      });
      expect(opened.status).toBe(200);
      const stream = await gateway(`streams/bank.account/${id}`, { headers: user });
      expect((stream.json.events as { metadata: { who: string } }[])[0]?.metadata.who).toBe(
        'ada@example.com',
      );
    });
  });

  describe('in Azure with App Service authentication off', () => {
    useApplicationInBlock(createTestApplication({ env: { ExplorerAccess: 'app-service-authentication' } }));

    it('stays closed, whatever principal headers a client sends', async () => {
      const spoofed = { 'x-ms-client-principal-id': 'b1c2', 'x-ms-client-principal-name': 'admin' };
      for (const response of [await page(spoofed), await gateway('catalog', { headers: spoofed })]) {
        expect([response.status, response.json.code]).toEqual([403, 'explorer-closed']);
      }
    });
  });

  describe('with the default settings (no ExplorerAccess)', () => {
    useApplicationInBlock(createTestApplication({ env: { ExplorerAccess: '' } }));

    it('is closed', async () => {
      expect((await gateway('catalog')).json.code).toBe('explorer-closed');
    });
  });
});
