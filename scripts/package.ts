// `npm run package`: stages what Azure runs in `.deploy/` — the compiled app (dist/), host.json, package.json
// and the production dependencies only (no Node binary, compiler, test tools or emulators) — for `azd deploy`
// (azure.yaml `dist: .deploy`) or a zip deployment.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/local/localSettings.js';

const target = join(projectRoot, '.deploy');
rmSync(target, { recursive: true, force: true });
for (const entry of ['dist', 'host.json', 'package.json', 'package-lock.json']) {
  cpSync(join(projectRoot, entry), join(target, entry), { recursive: true });
}
// Tests, benchmarks and local tools are not part of the app.
for (const folder of ['bench', 'test', 'src/local', 'scripts', 'emulators'])
  rmSync(join(target, 'dist', folder), { recursive: true, force: true });
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
execFileSync(npm, ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
  cwd: target,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
console.log(`Deployment package staged in ${target}`);
