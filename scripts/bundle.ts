// Bundles the function entry points (functions/*.ts) with esbuild into a few ES modules with every
// production dependency inlined and tree-shaken: one small file per entry point (what package.json `main`
// names and the Functions host imports to discover the functions) and shared chunks beside them in chunks/.
// The composition root is imported on the first request (src/processApplication.ts), so esbuild puts it, the
// Azure SDKs and the domain in a chunk of their own that start-up never reads.
//
// The OpenTelemetry SDK and its exporters (src/telemetry/sdk/start.ts, also imported on the first request) are
// built apart, in a second pass without splitting, into one self-contained file beside the chunks: their packages
// import their own modules dynamically (machine-id readers per platform, senders, statsbeat), and code splitting
// would turn each of those into a chunk of its own, dozens of files for one lazily loaded feature.
//
// Splitting also leaves a dozen small chunks (the modules one subset of entry points shares); each of those
// carries its source map inline rather than in a .map file beside it, so the package's file count does not grow
// with every new way of sharing code, while the big chunks keep linked maps (not doubling their size).
//
// Nothing is left out but `@azure/functions-core`, which is no package: the Functions Node.js worker provides
// it by intercepting `require`, and @azure/functions requires it to register each function.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';

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

/** The telemetry SDK module, where its one file goes (relative to the outdir), and how the chunks import it. */
export const TELEMETRY_SDK = {
  source: 'src/telemetry/sdk/start.ts',
  output: 'chunks/telemetry-sdk.js',
  specifier: './telemetry-sdk.js',
} as const;

/** A chunk smaller than this carries its source map inline. */
export const INLINE_SOURCE_MAP_BELOW_BYTES = 48 * 1024;

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
  const common = {
    absWorkingDir: root,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    tsconfig: join(root, 'tsconfig.json'),
    sourcemap: 'linked',
    // Stack traces need the mappings, not a second copy of every source.
    sourcesContent: false,
    // Class and function names survive for `constructor.name` and stack traces (src/errors.ts sets `name`).
    keepNames: true,
    external: Object.keys(EXTERNAL),
    banner: { js: BANNER },
    metafile: true as const,
    logLevel: 'warning' as const,
  } satisfies BuildOptions;
  const functions = await build({
    ...common,
    entryPoints,
    outdir,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    plugins: [telemetrySdkApart],
  });
  const sdk = await build({
    ...common,
    entryPoints: [join(root, TELEMETRY_SDK.source)],
    outfile: join(outdir, TELEMETRY_SDK.output),
  });
  const chunks = relative(root, join(outdir, 'chunks'));
  return inlineSmallSourceMaps(joinMetafiles(functions.metafile, sdk.metafile, chunks), root, chunks);
}

/** Moves the source map of every chunk under INLINE_SOURCE_MAP_BELOW_BYTES into the chunk (a data URL). */
function inlineSmallSourceMaps(metafile: Metafile, root: string, chunks: string): Metafile {
  const outputs = { ...metafile.outputs };
  for (const [output, meta] of Object.entries(outputs)) {
    const map = `${output}.map`;
    if (dirname(output) !== chunks || !outputs[map] || meta.bytes >= INLINE_SOURCE_MAP_BELOW_BYTES) continue;
    const code = readFileSync(join(root, output), 'utf8');
    const dataUrl = `data:application/json;base64,${readFileSync(join(root, map)).toString('base64')}`;
    const inlined = code.replace(/\/\/# sourceMappingURL=\S+\s*$/, `//# sourceMappingURL=${dataUrl}\n`);
    if (inlined === code) throw new Error(`${output} names no source map to inline`);
    writeFileSync(join(root, output), inlined);
    rmSync(join(root, map));
    delete outputs[map];
    outputs[output] = { ...meta, bytes: Buffer.byteLength(inlined) };
  }
  return { ...metafile, outputs };
}

/** The main pass leaves the dynamic import of the telemetry SDK to the file the second pass writes. */
const telemetrySdkApart: Plugin = {
  name: 'telemetry-sdk-apart',
  setup(pass) {
    pass.onResolve({ filter: /\/telemetry\/sdk\/start\.js$/ }, ({ kind }) =>
      kind === 'dynamic-import' ? { path: TELEMETRY_SDK.specifier, external: true } : undefined,
    );
  },
};

/**
 * One metafile for both passes, as if one build had written them: the telemetry SDK's file is what the chunks'
 * dynamic import of it reads (not an external module). Its specifier is relative, so every chunk importing it
 * must sit beside it in chunks/.
 */
function joinMetafiles(functions: Metafile, sdk: Metafile, chunks: string): Metafile {
  const [sdkOutput] = Object.keys(sdk.outputs).filter((output) => output.endsWith('.js'));
  if (sdkOutput === undefined) throw new Error(`The telemetry SDK pass wrote no ${TELEMETRY_SDK.output}`);
  const outputs = { ...functions.outputs };
  for (const [output, meta] of Object.entries(outputs)) {
    const importsSdk = meta.imports.some(
      ({ path, external }) => external && path === TELEMETRY_SDK.specifier,
    );
    if (!importsSdk) continue;
    if (dirname(output) !== chunks) {
      throw new Error(
        `${output} imports ${TELEMETRY_SDK.specifier} but is not in ${chunks}: move the import`,
      );
    }
    outputs[output] = {
      ...meta,
      imports: meta.imports.map((entry) =>
        entry.external && entry.path === TELEMETRY_SDK.specifier
          ? { path: sdkOutput, kind: entry.kind }
          : entry,
      ),
    };
  }
  return { inputs: { ...functions.inputs, ...sdk.inputs }, outputs: { ...outputs, ...sdk.outputs } };
}
