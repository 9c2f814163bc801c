// `npm run package`: stages what Azure runs in `.deploy/` for `azd deploy` (azure.yaml `dist: .deploy`) or a
// zip deployment: host.json, a package.json whose `main` names the bundled function entry points, and the
// esbuild bundle with its source maps (stage.ts, bundle.ts); no node_modules, nothing to install, no Node
// binary, compiler, test tools, local host or emulators. `npm run package -- --unbundled` stages the
// compiled files and the production dependencies instead, as before the bundle (for comparison, or if a
// dependency ever cannot be bundled). `--out <folder>` stages elsewhere.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../src/local/localSettings.js';
import { stageBundled, stageUnbundled } from './stage.js';

const { values: args } = parseArgs({
  options: { unbundled: { type: 'boolean', default: false }, out: { type: 'string' } },
});
const folder = args.out === undefined ? join(projectRoot, '.deploy') : resolve(args.out);
const staged = args.unbundled ? stageUnbundled(projectRoot, folder) : await stageBundled(projectRoot, folder);
const megabytes = (staged.bytes / 1024 / 1024).toFixed(1);
console.log(
  `Deployment package (${args.unbundled ? 'unbundled' : 'bundled'}) staged in ${folder}: ` +
    `${staged.files.length.toLocaleString('en')} files, ${megabytes} MB.`,
);
