// `npm run package`: stages what Azure runs in `.deploy/` — the compiled functions and every module they
// import (deployedFiles.ts), host.json, package.json and the production dependencies only (no Node binary,
// compiler, test tools, local host or emulators) — for `azd deploy` (azure.yaml `dist: .deploy`) or a zip
// deployment. It copies only what the app needs, so there is nothing to delete afterwards.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { projectRoot } from '../src/local/localSettings.js';
import { deployedFiles } from './deployedFiles.js';

const target = join(projectRoot, '.deploy');
// A fresh folder each time: the previous package is replaced whole, never pruned.
rmSync(target, { recursive: true, force: true });
const files = [...deployedFiles(projectRoot), 'host.json', 'package.json', 'package-lock.json'];
for (const file of files) {
  mkdirSync(dirname(join(target, file)), { recursive: true });
  copyFileSync(join(projectRoot, file), join(target, file));
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
execFileSync(npm, ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
  cwd: target,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
console.log(
  `Deployment package staged in ${target}: ${files.length} files of the app, and its dependencies.`,
);
