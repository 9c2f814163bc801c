// `npm run new -- aggregate shop.order` and `npm run new -- projection order-summary [--for shop.order]`: write
// the files of a new aggregate or projection (working code, and its unit test), register them, and say what to
// do next. The tests that cover every aggregate and every projection take their lists from the registries, so
// `npm test` passes right after, with no other edit.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { aggregates } from '../src/domain/aggregates.js';
import { projectRoot } from '../src/local/localSettings.js';
import { aggregateFiles } from './scaffold/aggregateFiles.js';
import { aggregateNames, projectionNames } from './scaffold/names.js';
import { projectionFiles } from './scaffold/projectionFiles.js';
import { registerAggregate, registerProjection } from './scaffold/register.js';

const USAGE =
  'Usage: npm run new -- aggregate <domain.name> | projection <kebab-name> [--for <aggregate type>]';

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { for: { type: 'string' } },
  });
  const [kind, name] = positionals;
  if ((kind !== 'aggregate' && kind !== 'projection') || !name) {
    console.error(USAGE);
    return 1;
  }
  const written = kind === 'aggregate' ? newAggregate(name) : newProjection(name, values.for);
  format(written);
  for (const path of written) console.log(`  ${path}`);
  return 0;
}

function newAggregate(type: string): string[] {
  const names = aggregateNames(type);
  if (aggregates.some((aggregate) => aggregate.type === type))
    throw new Error(`${type} is registered already.`);
  const files = write(aggregateFiles(names));
  const registered = registerAggregate(projectRoot, names);
  console.log(`Created the aggregate ${type}:`);
  next([
    `edit its commands, events, state and rules in src/domain/${names.camel}/ (and its test in test/unit/${names.camel}.test.ts)`,
    `give it a store in src/config/configurationMap.json if not the "*" default`,
    `npm test, then npm start and: curl -s -X POST http://localhost:7071/api/commands/${type}/first/create -H 'Content-Type: application/json' -d '{"name":"First"}'`,
    `a projection of it: npm run new -- projection ${names.kebabNoun}-summary --for ${type}`,
  ]);
  return [...files, ...registered];
}

function newProjection(name: string, forType: string | undefined): string[] {
  const names = projectionNames(name);
  const type = forType ?? guessType(name);
  const aggregate = aggregates.find((candidate) => candidate.type === type);
  if (!aggregate)
    throw new Error(`No aggregate ${type}; known: ${aggregates.map((a) => a.type).join(', ')}.`);
  const files = write(projectionFiles(names, aggregateNames(type)));
  const registered = registerProjection(projectRoot, names);
  console.log(`Created the projection ${name} (one document per ${type}):`);
  next([
    `edit its state and apply in src/projections/samples/${names.camel}.ts (and its test)`,
    `npm test, then npm start and: curl -s http://localhost:7071/api/projections/${name}/<id>`,
  ]);
  return [...files, ...registered];
}

/** `order-summary` follows the aggregate type whose last segment is `order`, if exactly one is. */
function guessType(name: string): string {
  const word = name.split('-')[0];
  const matches = aggregates.filter((aggregate) => aggregate.type.split('.').at(-1) === word);
  if (matches.length === 1 && matches[0]) return matches[0].type;
  throw new Error(
    `Which aggregate does ${name} follow? Add --for <type> (one of ${aggregates.map((a) => a.type).join(', ')}).`,
  );
}

function write(files: Record<string, string>): string[] {
  for (const path of Object.keys(files)) {
    if (existsSync(join(projectRoot, path))) throw new Error(`${path} exists already; nothing was written.`);
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(projectRoot, path)), { recursive: true });
    writeFileSync(join(projectRoot, path), text);
  }
  return Object.keys(files);
}

/** The project's own formatter and import order, so `npm test`'s lint passes on what was written. */
function format(paths: string[]): void {
  const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
  const files = paths.filter((path) => path.endsWith('.ts'));
  execFileSync(process.execPath, [biome, 'check', '--write', ...files], {
    cwd: projectRoot,
    stdio: 'ignore',
  });
}

function next(steps: string[]): void {
  console.log('Next:');
  for (const step of steps) console.log(`  - ${step}`);
  console.log('Files written or changed:');
}

try {
  process.exit(main(process.argv.slice(2)));
} catch (error) {
  console.error(`npm run new: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
