// Bundles the function entry points (functions/*.ts) with esbuild into a few ES modules with every
// production dependency inlined and tree-shaken: one small file per entry point (what package.json `main`
// names and the Functions host imports to discover the functions) and shared chunks beside them in chunks/.
// The composition root is imported on the first request (src/processApplication.ts), so esbuild puts it, the
// Azure SDKs and the domain in a chunk of their own that start-up never reads.
//
// Nothing is left out but `@azure/functions-core`, which is no package: the Functions Node.js worker provides
// it by intercepting `require`, and @azure/functions requires it to register each function.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';

/** Modules the bundle must not contain, and why. */
export const EXTERNAL = {
  '@azure/functions-core': 'provided at run time by the Azure Functions Node.js worker (no npm package)',
} as const;

// Inlined CommonJS (the Azure SDKs, @azure/functions) calls `require` for Node's built-in modules and for
// @azure/functions-core: in an ES module that needs a real `require`, through which the worker's interception
// works. Source maps are turned on before anything is loaded lazily, so stack traces from the application
// chunk name the TypeScript sources without a host flag (see the README, "Source maps").
const BANNER = [
  "import { createRequire as __bundleCreateRequire } from 'node:module';",
  'const require = __bundleCreateRequire(import.meta.url);',
  'process.setSourceMapsEnabled(true);',
].join(' ');

export interface BundleOptions {
  /** The project root, holding functions/*.ts and tsconfig.json. */
  root: string;
  /** Where the entry files go (chunks in its chunks/ folder); e.g. `.deploy/dist/functions`. */
  outdir: string;
}

export async function bundleFunctions({ root, outdir }: BundleOptions): Promise<Metafile> {
  const entryPoints = readdirSync(join(root, 'functions'))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(root, 'functions', file));
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    tsconfig: join(root, 'tsconfig.json'),
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    // Stack traces need the mappings, not a second copy of every source.
    sourcesContent: false,
    // Class and function names survive for `constructor.name` and stack traces (src/errors.ts sets `name`).
    keepNames: true,
    external: Object.keys(EXTERNAL),
    banner: { js: BANNER },
    metafile: true,
    logLevel: 'warning',
  });
  return result.metafile;
}
