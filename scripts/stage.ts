// Stages a deployment package in a folder, replacing whatever was there (nothing is pruned, so nothing is left
// behind). Bundled (what `npm run package` deploys): host.json, a package.json without dependencies, the
// esbuild bundle (bundle.ts) and the built explorer (dist/ui), nothing to install. Unbundled (`npm run package -- --unbundled`, and the
// benchmark's "before"): the compiled functions and every module they import (deployedFiles.ts), with the
// production dependencies installed by `npm ci --omit=dev`; it needs `npm run build` first.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Metafile } from 'esbuild';
import { bundleFunctions } from './bundle.js';
import { deployedFiles, explorerFiles } from './deployedFiles.js';

/** Where package.json `main` points in both packages, as in the project itself. */
export const FUNCTIONS_MAIN = 'dist/functions/*.js';

export interface StagedPackage {
  folder: string;
  /** Every file, relative to the folder, sorted. */
  files: string[];
  bytes: number;
}

export async function stageBundled(
  root: string,
  folder: string,
): Promise<StagedPackage & { metafile: Metafile }> {
  rmSync(folder, { recursive: true, force: true });
  const metafile = await bundleFunctions({ root, outdir: join(folder, 'dist/functions') });
  copyFileSync(join(root, 'host.json'), join(folder, 'host.json'));
  for (const file of explorerFiles(root)) {
    mkdirSync(dirname(join(folder, file)), { recursive: true });
    copyFileSync(join(root, file), join(folder, file));
  }
  const project = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  const manifest = {
    name: project.name,
    version: project.version,
    description: `${project.description} (deployment package: bundled, nothing to install)`,
    private: true,
    type: 'module',
    main: FUNCTIONS_MAIN,
    engines: project.engines,
  };
  writeFileSync(join(folder, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { ...describeFolder(folder), metafile };
}

export function stageUnbundled(root: string, folder: string): StagedPackage {
  rmSync(folder, { recursive: true, force: true });
  for (const file of [...deployedFiles(root), 'host.json', 'package.json', 'package-lock.json']) {
    mkdirSync(dirname(join(folder, file)), { recursive: true });
    copyFileSync(join(root, file), join(folder, file));
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: folder,
    stdio: ['ignore', 'ignore', 'inherit'],
    shell: process.platform === 'win32',
  });
  return describeFolder(folder);
}

export function describeFolder(folder: string): StagedPackage {
  const files: string[] = [];
  let bytes = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        files.push(relative(folder, path).split('\\').join('/'));
        bytes += statSync(path).size;
      }
    }
  };
  walk(folder);
  return { folder, files: files.sort(), bytes };
}
