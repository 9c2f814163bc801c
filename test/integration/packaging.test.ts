// What `npm run package` deploys: host.json, a package.json, the esbuild bundle and the built explorer (dist/ui),
// loaded the way the
// Functions host loads it. The package is staged afresh, its `main` files register the same functions as the
// compiled dist/functions (through @azure/functions-core, as in Azure), their start-up reads none of the
// Azure SDKs, and the local host serving only the staged folder answers a command and a query against the
// emulators: a bundling mistake fails here, not in a deployment.
import { mkdtempSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTERNAL, TELEMETRY_SDK } from '../../scripts/bundle.js';
import { FUNCTIONS_MAIN, stageBundled } from '../../scripts/stage.js';
import { loadRegistrations, type Registrations } from '../../src/local/registrations.js';
import { emulators } from '../support/emulators.js';
import { uniqueId } from '../support/envelopes.js';
import { type HostProcess, startHost } from '../support/localHost.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
/**
 * What start-up must not read: the SDKs, the OpenTelemetry SDK and exporters (every OpenTelemetry package but the
 * API) and the composition root belong to the first request.
 */
const LAZY =
  /^node_modules\/@azure\/(storage-blob|storage-file-share|data-tables|service-bus|identity|monitor-opentelemetry-exporter)\/|^node_modules\/@opentelemetry\/(?!api\/)|^src\/(application|telemetry\/sdk\/start)\.ts$/;
let staged: Awaited<ReturnType<typeof stageBundled>>;

beforeAll(async () => {
  staged = await stageBundled(root, mkdtempSync(join(tmpdir(), 'deploy-')));
});

const read = (file: string) => readFileSync(join(staged.folder, file), 'utf8');
const entries = () => staged.files.filter((file) => /^dist\/functions\/[^/]+\.js$/.test(file));

/** The sources in the files that loading the entry points reads: their static imports, transitively. */
function sourcesRead(fromOutputs: string[]): string[] {
  const { outputs } = staged.metafile;
  const seen = new Set<string>();
  for (let output = fromOutputs.pop(); output !== undefined; output = fromOutputs.pop()) {
    if (seen.has(output)) continue;
    seen.add(output);
    for (const { path, kind, external } of outputs[output]?.imports ?? [])
      if (kind === 'import-statement' && !external) fromOutputs.push(path);
  }
  return [...seen].flatMap((output) => Object.keys(outputs[output]?.inputs ?? {}));
}

describe('the deployment package', () => {
  it('is host.json, a package.json with nothing to install and the bundle with its source maps', () => {
    const manifest = JSON.parse(read('package.json')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ type: 'module', main: FUNCTIONS_MAIN });
    expect(manifest).not.toHaveProperty('dependencies');
    const others = staged.files.filter((file) => !/^dist\/(functions|ui)\//.test(file));
    expect(others).toEqual(['host.json', 'package.json']);
    // The built explorer, which functions/explorer.ts serves: its page and its hashed assets.
    expect(staged.files).toContain('dist/ui/index.html');
    expect(staged.files.filter((file) => /^dist\/ui\/assets\/index-[\w-]+\.js$/.test(file))).toHaveLength(1);
    expect(entries().map((file) => file.replace('dist/functions/', ''))).toEqual([
      'catalog.js',
      'commands.js',
      'deadLetters.js',
      'diagnostics.js',
      'explorer.js',
      'health.js',
      'projections.js',
      'publishSweeper.js',
      'replays.js',
      'streams.js',
      'workflows.js',
    ]);
    for (const file of entries()) expect(staged.files).toContain(`${file}.map`);
    // Every chunk maps to the sources for stack traces: a .map beside it, or (a small one) inline.
    const chunks = staged.files.filter((file) => /^dist\/functions\/chunks\/[^/]+\.js$/.test(file));
    for (const chunk of chunks) {
      const inline = read(chunk).includes('//# sourceMappingURL=data:application/json;base64,');
      expect(inline || staged.files.includes(`${chunk}.map`), chunk).toBe(true);
    }
    expect(staged.files.filter((file) => file.startsWith('dist/functions/')).length).toBeLessThanOrEqual(50);
    expect(staged.bytes).toBeLessThanOrEqual(15 * 1024 * 1024);
  });

  it('leaves out only the module the Functions worker provides, and requires it through a real require', () => {
    const external = Object.values(staged.metafile.outputs).flatMap(({ imports }) =>
      imports.filter((entry) => entry.external && !isBuiltin(entry.path)).map(({ path }) => path),
    );
    expect(new Set(external)).toEqual(new Set(Object.keys(EXTERNAL)));
    for (const file of entries())
      expect(read(file)).toMatch(/const require = __bundleCreateRequire\(import\.meta\.url\)/);
  });

  it('reads neither the Azure SDKs nor the composition root at start-up: the first request imports them', () => {
    const outputs = Object.keys(staged.metafile.outputs);
    // Dynamically imported modules are entry points too (src/application.ts): start-up is functions/*.ts.
    const entryOf = (output: string) => staged.metafile.outputs[output]?.entryPoint ?? '';
    const atStartup = sourcesRead(outputs.filter((output) => entryOf(output).startsWith('functions/')));
    expect(atStartup).toContain('node_modules/@azure/functions/dist/azure-functions.js');
    expect(atStartup.filter((source) => LAZY.test(source))).toEqual([]);
    const lazy = sourcesRead(outputs).filter((source) => LAZY.test(source));
    expect(lazy).toContain('src/application.ts');
    expect(lazy).toContain('src/telemetry/sdk/start.ts');
  });

  it('holds the OpenTelemetry SDK and its exporters in one file, which the first request imports', () => {
    const holding = (pattern: RegExp) =>
      Object.entries(staged.metafile.outputs)
        .filter(([, { inputs }]) => Object.keys(inputs).some((source) => pattern.test(source)))
        .map(([output]) => output.replace(/^.*dist\/functions\//, ''));
    expect(holding(/^node_modules\/@opentelemetry\/sdk-trace-base\//)).toEqual([TELEMETRY_SDK.output]);
    expect(holding(/^node_modules\/@azure\/monitor-opentelemetry-exporter\//)).toEqual([
      TELEMETRY_SDK.output,
    ]);
    expect(staged.files).toContain(`dist/functions/${TELEMETRY_SDK.output}.map`);
    const importers = Object.values(staged.metafile.outputs).filter(({ imports }) =>
      imports.some(({ path, kind }) => kind === 'dynamic-import' && path.endsWith(TELEMETRY_SDK.output)),
    );
    expect(importers.length).toBeGreaterThan(0);
  });
});

describe('the bundled functions, loaded as the Functions host loads them', () => {
  let bundled: Registrations;
  let compiled: Registrations;
  let host: HostProcess;

  beforeAll(async () => {
    bundled = await loadRegistrations(staged.folder);
    compiled = await loadRegistrations(root);
    host = await startHost(['--package', staged.folder, '--no-emulators', '--port', '0'], {
      ...emulators().settings,
      ConfigurationMap: '',
    });
  });

  afterAll(async () => {
    await host?.stop();
  });

  it('register what the compiled dist/functions register: every route, method, trigger and binding', () => {
    const shape = ({ http, triggers }: Registrations) => ({
      http: http.map(({ name, route, methods }) => ({ name, route, methods })),
      triggers: triggers.map(({ name, kind, options }) => ({ name, kind, options })),
    });
    expect(bundled.http.map(({ name }) => name)).toContain('postCommand');
    expect(shape(bundled)).toEqual(shape(compiled));
  });

  it('serve a command and a query from the staged folder alone, against the emulators', async () => {
    const id = uniqueId('pkg');
    const opened = await fetch(`${host.url}/commands/bank.account/${id}/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': id },
      body: JSON.stringify({ owner: 'Ada' }),
    });
    expect(opened.status).toBe(200);
    // The telemetry SDK's file (built apart) records the spans the bundle's code starts, one API, one provider;
    // and the bundled Azure SDKs' spans, through the instrumenter the composition root installs.
    const traces = await fetch(`${host.url}/diagnostics/traces?correlationId=${id}`);
    type Kept = { spans: { name: string; attributes: Record<string, unknown> }[] }[];
    const spans = ((await traces.json()) as { traces: Kept }).traces.flatMap((trace) => trace.spans);
    expect(spans.map(({ name }) => name)).toContain('command bank.account open');
    expect(spans.filter(({ attributes }) => typeof attributes['az.namespace'] === 'string')).not.toEqual([]);
    const stream = await fetch(`${host.url}/streams/bank.account/${id}`);
    expect(stream.status).toBe(200);
    expect(await stream.json()).toMatchObject({
      version: 1,
      events: [{ type: 'AccountOpened', version: 1 }],
    });
    const unknown = await fetch(`${host.url}/commands/bank.account/${id}/fly`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await unknown.json()).toMatchObject({ code: 'unknown-command' });
    const explorer = await fetch(`${host.url}/ui/`);
    expect(explorer.status).toBe(200);
    expect(await explorer.text()).toContain('<div id="root">');
  });
});
