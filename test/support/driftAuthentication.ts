// App Service authentication in infra/, checked as text like the rest of the drift: the explorer's routes are
// anonymous for the Functions host (a browser holds no function key), so the Function App must have
// authsettingsV2 requiring a signed-in identity, with Entra ID, excluding exactly the anonymous routes outside the
// explorer (the health probe), and ExplorerAccess must close the explorer to anything it did not sign in.
import { entries, evaluate, type Infra } from './infraText.js';

const SITE_CONFIG = 'Microsoft.Web/sites/config';

export function checkAuthentication(
  infra: Infra,
  anonymousRoutes: readonly string[],
  routePrefix: string,
  report: (problem: string) => void,
): void {
  const access = infra.appSettings.get('ExplorerAccess');
  if (infra.appSettings.has('ExplorerAccess') && access !== 'app-service-authentication') {
    report(
      `infra: app setting ExplorerAccess is ${JSON.stringify(access)}, not "app-service-authentication"`,
    );
  }
  const auth = infra.resources(SITE_CONFIG).find(({ names }) => names.includes('authsettingsV2'));
  if (!auth) {
    report(
      `infra: no App Service authentication (${SITE_CONFIG} authsettingsV2), yet the explorer's routes are anonymous`,
    );
    return;
  }
  const block = (text: string | undefined) => entries(text ?? '{}');
  const value = (fields: Map<string, string>, key: string) => evaluate(fields.get(key) ?? '', auth.scope);
  const properties = block(auth.fields.get('properties'));
  if (value(block(properties.get('platform')), 'enabled') !== 'true') {
    report('infra: authsettingsV2 is not enabled (platform.enabled)');
  }
  const global = block(properties.get('globalValidation'));
  if (value(global, 'requireAuthentication') !== 'true') {
    report('infra: authsettingsV2 does not require authentication (globalValidation.requireAuthentication)');
  }
  if (value(global, 'unauthenticatedClientAction') === 'AllowAnonymous') {
    report('infra: authsettingsV2 lets unauthenticated callers through (AllowAnonymous)');
  }
  const excluded = [value(global, 'excludedPaths') ?? []].flat();
  const expected = anonymousRoutes
    .filter((route) => !route.startsWith('ui/'))
    .map((route) => `/${routePrefix}/${route}`);
  for (const path of expected.filter((path) => !excluded.includes(path))) {
    report(
      `infra: authsettingsV2 does not exclude ${path}, an anonymous route (health probes hold no identity)`,
    );
  }
  for (const path of excluded.filter((path) => !expected.includes(path))) {
    report(`infra: authsettingsV2 excludes ${path}, which is not an anonymous route outside the explorer`);
  }
  const entraId = block(block(properties.get('identityProviders')).get('azureActiveDirectory'));
  if (value(entraId, 'enabled') !== 'true') {
    report('infra: authsettingsV2 has no enabled Entra ID provider (identityProviders.azureActiveDirectory)');
  }
}
