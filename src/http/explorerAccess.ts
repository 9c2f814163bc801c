// Who may use the explorer (/api/ui and its gateway to the API). The routes are anonymous for the Functions host,
// because a browser has no function key: in Azure, App Service authentication (infra/: authsettingsV2) signs
// the user in before a request reaches the app, and this check refuses anything it did not sign in, so the
// explorer is closed, not open, when authentication is switched off or a deployment forgot it.
import type { HttpRequest } from '@azure/functions';
import type { Settings } from '../config/settings.js';
import { AuthenticationRequiredError, ExplorerClosedError } from '../errors.js';

/** Where the browser signs in and comes back to the explorer (App Service authentication's own endpoint). */
export const SIGN_IN_PATH = '/.auth/login/aad?post_login_redirect_uri=/api/ui/';

export function assertExplorerAccess(
  request: HttpRequest,
  settings: Pick<Settings, 'explorerAccess' | 'env'>,
) {
  if (settings.explorerAccess === 'open') return;
  // App Service sets WEBSITE_AUTH_ENABLED when its authentication is on; only then are the x-ms-client-principal
  // headers its own (it removes any a client sends).
  if (settings.env.WEBSITE_AUTH_ENABLED?.toLowerCase() !== 'true') {
    throw new ExplorerClosedError(
      'The explorer needs App Service authentication (ExplorerAccess = app-service-authentication), which is not enabled on this app.',
    );
  }
  if (!request.headers.get('x-ms-client-principal-id')) {
    throw new AuthenticationRequiredError(`Sign in first: ${SIGN_IN_PATH}`, { signIn: SIGN_IN_PATH });
  }
}
