// The HTTP routes the compiled functions register, found as the Functions host finds them (through
// @azure/functions-core), in a child process: a test file that imports a function module itself has put
// @azure/functions in test mode, where registrations are skipped.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface RegisteredRoute {
  name: string;
  route: string;
  methods: string[];
}

const MARKER = 'ROUTES ';

export function registeredRoutesOf(root: string): RegisteredRoute[] {
  const loader = pathToFileURL(join(root, 'dist/src/local/registrations.js')).href;
  const script = [
    `const { loadRegistrations } = await import(${JSON.stringify(loader)});`,
    `const { http } = await loadRegistrations(${JSON.stringify(root)});`,
    `console.log(${JSON.stringify(MARKER)} + JSON.stringify(http.map(({ name, route, methods }) => ({ name, route, methods }))));`,
  ].join(' ');
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  const line = output.split('\n').find((text) => text.startsWith(MARKER));
  if (!line) throw new Error(`The registrations were not printed:\n${output}`);
  return JSON.parse(line.slice(MARKER.length)) as RegisteredRoute[];
}
