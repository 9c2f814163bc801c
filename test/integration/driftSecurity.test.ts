// Who can reach what in Azure, as infra/ and the registrations say: function keys on the API, the admin key on
// the rebuild, App Service authentication (Entra ID) in front of everything but the health probe, and the
// explorer's anonymous routes closed by ExplorerAccess to anything it did not sign in; no key or connection
// string deployed. Each mutation changes one side only, on a copy, and the checker must name it.
import { beforeAll, describe, expect, it } from 'vitest';
import { type DriftInputs, HTTP_KINDS } from '../support/drift.js';
import { driftAfter, editInfra, FUNCTION_APP, loadDriftInputs } from '../support/driftInputs.js';

let inputs: DriftInputs;

beforeAll(async () => {
  inputs = await loadDriftInputs();
});

describe('security defaults', () => {
  it('keys every route but health and the explorer; rebuilds, replays, workflow retries and diagnostics need the admin key', () => {
    for (const { kind, name, options } of inputs.registrations.filter(({ kind }) => HTTP_KINDS.has(kind))) {
      const route = String(options.route ?? name);
      // The explorer (ui/…) is for browsers, which hold no key: App Service authentication and ExplorerAccess
      // guard it instead (see the authentication tests below).
      const open = route === 'health' || route.startsWith('ui/');
      const admin =
        route.endsWith('/rebuild') ||
        route.includes('/rebuild/') ||
        route.startsWith('replays/') ||
        route.endsWith('/retry') ||
        route.startsWith('diagnostics/');
      const expected = open ? 'anonymous' : admin ? 'admin' : 'function';
      expect(`${kind} ${route}: ${options.authLevel ?? 'anonymous'}`).toBe(`${kind} ${route}: ${expected}`);
    }
  });

  it('deploys no key or connection string: every app setting resolves without listKeys()', () => {
    for (const [path, text] of Object.entries(inputs.infra)) {
      const code = text.replace(/\/\/[^\n]*/g, '');
      expect(code, `infra/${path}`).not.toMatch(
        /listKeys\(|listConnectionStrings\(|AccountKey=|SharedAccessKey/i,
      );
    }
  });
});

describe('App Service authentication', () => {
  it.each<[string, (copy: DriftInputs) => void, string[]]>([
    [
      'the Function App without App Service authentication',
      (copy) => editInfra(copy, FUNCTION_APP, "name: 'authsettingsV2'", "name: 'web'"),
      [
        "infra: no App Service authentication (Microsoft.Web/sites/config authsettingsV2), yet the explorer's routes are anonymous",
      ],
    ],
    [
      'App Service authentication that does not require a signed-in identity',
      (copy) => editInfra(copy, FUNCTION_APP, 'requireAuthentication: true', 'requireAuthentication: false'),
      ['infra: authsettingsV2 does not require authentication (globalValidation.requireAuthentication)'],
    ],
    [
      'App Service authentication that lets the explorer through',
      (copy) => editInfra(copy, FUNCTION_APP, "'/api/health' //", "'/api/health'\n        '/api/ui/' //"),
      ['infra: authsettingsV2 excludes /api/ui/, which is not an anonymous route outside the explorer'],
    ],
    [
      'App Service authentication in front of the health probe',
      (copy) => editInfra(copy, FUNCTION_APP, "'/api/health' //", "'/api/healthz' //"),
      [
        'infra: authsettingsV2 does not exclude /api/health, an anonymous route (health probes hold no identity)',
        'infra: authsettingsV2 excludes /api/healthz, which is not an anonymous route outside the explorer',
      ],
    ],
    [
      'the explorer opened in Azure',
      (copy) => editInfra(copy, FUNCTION_APP, "value: 'app-service-authentication' }", "value: 'open' }"),
      ['infra: app setting ExplorerAccess is "open", not "app-service-authentication"'],
    ],
    [
      'a new anonymous route outside the explorer',
      (copy) => {
        copy.registrations.push({
          kind: 'http',
          name: 'getStatus',
          options: { route: 'status', authLevel: 'anonymous' },
        });
      },
      [
        'infra: authsettingsV2 does not exclude /api/status, an anonymous route (health probes hold no identity)',
      ],
    ],
  ])('names %s', (_, change, expected) => {
    const problems = driftAfter(inputs, change);
    for (const problem of expected) expect(problems).toContain(problem);
  });
});
