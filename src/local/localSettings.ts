// The local host and the operator scripts read the settings Core Tools would: local.settings.json `Values`,
// with real environment variables taking precedence.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The project root, from dist/src/local/ (compiled) or src/local/ (sources). */
export const projectRoot = fileURLToPath(
  new URL(import.meta.url.includes('/dist/') ? '../../../' : '../../', import.meta.url),
);

export function loadLocalSettings(): void {
  const path = `${projectRoot}local.settings.json`;
  if (!existsSync(path)) return;
  const { Values = {} } = JSON.parse(readFileSync(path, 'utf8')) as { Values?: Record<string, string> };
  for (const [name, value] of Object.entries(Values)) process.env[name] ??= value;
}
