// What `npm run package -- --unbundled` deploys (the benchmark's "before"): the compiled functions and exactly
// the modules they import, literal dynamic imports included. Nothing of the local host, the emulators, tests,
// benchmarks or scripts is in it; everything a function needs is, which is shown by loading every one of those
// files from a copy holding only them; and an import that would drag a local-only module into the package
// fails the packaging, naming the importer.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deployedFiles, NOT_DEPLOYED } from '../../scripts/deployedFiles.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the deployed files', () => {
  // The global setup has just built dist/.
  const files = deployedFiles(root);

  it('are the functions, what they import (JSON included) and the source maps, and nothing local-only', () => {
    expect(files).toEqual(expect.arrayContaining(['dist/functions/commands.js', 'dist/functions/health.js']));
    expect(files).toContain('dist/functions/commands.js.map');
    // Imported on the first request (src/processApplication.ts), not at start-up.
    expect(files).toContain('dist/src/application.js');
    expect(files).toContain('dist/src/config/configurationMap.json');
    for (const folder of NOT_DEPLOYED)
      expect(files.filter((file) => file.startsWith(`dist/${folder}/`))).toEqual([]);
  });

  it('are enough to load every function and what it imports lazily: a copy holding only them imports each', () => {
    const copy = mkdtempSync(join(tmpdir(), 'deployed-'));
    for (const file of [...files, 'package.json']) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      copyFileSync(join(root, file), join(copy, file));
    }
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
    // The explorer's script is for browsers; every other module loads in Node.
    const modules = files.filter((file) => file.endsWith('.js') && !file.startsWith('dist/ui/'));
    const load = modules.map((file) => `await import('./${file}');`).join(' ');
    const output = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `${load} console.log('loaded')`],
      {
        cwd: copy,
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '' },
      },
    );
    expect(output).toContain('loaded');
  });
});

describe('packaging a function that imports a local-only module', () => {
  it('fails, naming the module and its importer', () => {
    const fake = mkdtempSync(join(tmpdir(), 'fake-app-'));
    mkdirSync(join(fake, 'dist/functions'), { recursive: true });
    mkdirSync(join(fake, 'dist/src/local'), { recursive: true });
    writeFileSync(
      join(fake, 'dist/functions/a.js'),
      "import { x } from '../src/local/x.js';\nexport const a = x;\n",
    );
    writeFileSync(join(fake, 'dist/src/local/x.js'), 'export const x = 1;\n');
    expect(() => deployedFiles(fake)).toThrow(
      'dist/src/local/x.js would be deployed, but dist/src/local is not part of the app: dist/functions/a.js imports it.',
    );
  });

  it('fails when an import names a file the build did not produce', () => {
    const fake = mkdtempSync(join(tmpdir(), 'fake-app-'));
    mkdirSync(join(fake, 'dist/functions'), { recursive: true });
    writeFileSync(join(fake, 'dist/functions/a.js'), "export * from '../src/gone.js';\n");
    expect(() => deployedFiles(fake)).toThrow(
      'dist/functions/a.js imports ../src/gone.js, which the build did not produce.',
    );
  });
});
