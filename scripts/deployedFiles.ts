// What the deployed app is made of: the compiled functions (dist/functions/*.js) and, transitively, every
// module they import by a relative specifier ('./…', '../…', JSON included), each with its source map.
// `npm run package` copies exactly these, so tests, benchmarks, scripts, the local host and the emulators
// never reach Azure, because nothing of the app imports them, and nothing has to be deleted afterwards. The
// built explorer (dist/ui, Vite's output) goes too: functions/explorer.ts serves it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Folders of dist/ that are never part of the app: a file there in the closure means a wrong import. */
export const NOT_DEPLOYED = ['emulators', 'src/local', 'bench', 'test', 'scripts'] as const;

// Static imports and re-exports (`… from './x.js'`), side-effect imports and literal dynamic imports, as
// tsc writes them; bare specifiers (packages, node:*) come from node_modules instead.
const RELATIVE_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/** Paths relative to `root` (e.g. `dist/functions/health.js`), sorted. */
export function deployedFiles(root: string): string[] {
  const dist = join(root, 'dist');
  const name = (file: string) => relative(root, file).split('\\').join('/');
  const entries = readdirSync(join(dist, 'functions'))
    .filter((file) => file.endsWith('.js'))
    .map((file) => join(dist, 'functions', file));
  const importedBy = new Map<string, string>(entries.map((file) => [file, 'package.json "main"']));
  const pending = [...entries];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (!file.endsWith('.js')) continue;
    for (const [, specifier = ''] of readFileSync(file, 'utf8').matchAll(RELATIVE_SPECIFIER)) {
      const target = resolve(dirname(file), specifier);
      if (!existsSync(target))
        throw new Error(`${name(file)} imports ${specifier}, which the build did not produce.`);
      if (importedBy.has(target)) continue;
      importedBy.set(target, name(file));
      pending.push(target);
    }
  }
  const files = [...importedBy.keys()];
  for (const file of files) {
    const folder = NOT_DEPLOYED.find((notDeployed) => name(file).startsWith(`dist/${notDeployed}/`));
    if (folder) {
      throw new Error(
        `${name(file)} would be deployed, but dist/${folder} is not part of the app: ${importedBy.get(file)} imports it.`,
      );
    }
  }
  const maps = files.map((file) => `${file}.map`).filter((map) => existsSync(map));
  return [...[...files, ...maps].map(name), ...explorerFiles(root)].sort();
}

/** Every file of the built explorer (dist/ui), relative to `root`; the build must have made it. */
export function explorerFiles(root: string): string[] {
  const folder = join(root, 'dist/ui');
  if (!existsSync(join(folder, 'index.html'))) {
    throw new Error('dist/ui/index.html is missing: `npm run build` builds the explorer (ui/) there.');
  }
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'));
}
