// Registers what the scaffold wrote: an aggregate in src/domain/aggregates.ts (and its table in infra/, where
// the shipped configuration map stores it in a table), a projection in src/projections/index.ts. Each edit
// is a small text insertion that fails loudly when the file no longer has the shape it expects.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfigurationMap, settingsFor } from '../../src/config/configurationMap.js';
import { tableNameFor } from '../../src/stores/table/tableEventStore.js';
import type { AggregateNames, ProjectionNames } from './names.js';

export function registerAggregate(root: string, n: AggregateNames): string[] {
  const changed = [
    insert(root, 'src/domain/aggregates.ts', {
      import: `import { ${n.camel} } from './${n.camel}/index.js';`,
      into: /(export const aggregates: readonly AggregateDefinition\[\] = \[)([^\]]*)(\];)/,
      entry: n.camel,
    }),
  ];
  const table = tableFor(root, n.type);
  if (table) {
    const path = 'infra/main.bicep';
    const text = readFileSync(join(root, path), 'utf8');
    const list = /(var tableNames = \[\n)([\s\S]*?)(\n\])/;
    if (!list.test(text)) throw new Error(`${path}: no "var tableNames = [" list to add ${table} to.`);
    const line = `  '${table}' // Table store: the "*" entry's tablePrefix + aggregate type ${n.type}`;
    writeFileSync(
      join(root, path),
      text.replace(list, (_, open, items, close) => `${open}${items}\n${line}${close}`),
    );
    changed.push(path);
  }
  return changed;
}

export function registerProjection(root: string, p: ProjectionNames): string[] {
  return [
    insert(root, 'src/projections/index.ts', {
      import: `import { ${p.camel} } from './samples/${p.camel}.js';`,
      into: /(export const projections: readonly ProjectionDefinition\[\] = \[)([^\]]*)(\];)/,
      entry: p.camel,
    }),
  ];
}

/** The table the shipped configuration map would keep this type's streams in, if a table store. */
function tableFor(root: string, aggregateType: string): string | undefined {
  const json = JSON.parse(readFileSync(join(root, 'src/config/configurationMap.json'), 'utf8'));
  const map = parseConfigurationMap(
    json,
    'configurationMap.json',
    Object.keys(json.aggregates ?? {})
      .filter((type) => type !== '*')
      .concat(aggregateType),
  );
  const implementation = map.implementations[settingsFor(map, aggregateType).store];
  return implementation?.type === 'table'
    ? tableNameFor(implementation.tablePrefix, aggregateType)
    : undefined;
}

function insert(root: string, path: string, edit: { import: string; into: RegExp; entry: string }): string {
  const text = readFileSync(join(root, path), 'utf8');
  if (!edit.into.test(text))
    throw new Error(`${path}: the registration list is not where the scaffold expects it.`);
  const lastImport = text.lastIndexOf('\nimport ');
  const afterImports = text.indexOf('\n', text.indexOf(';', lastImport)) + 1;
  const withImport = `${text.slice(0, afterImports)}${edit.import}\n${text.slice(afterImports)}`;
  const registered = withImport.replace(edit.into, (_, open: string, items: string, close: string) => {
    const trimmed = items.replace(/[\s,]*$/, '');
    return `${open}${trimmed}, ${edit.entry}${close}`;
  });
  writeFileSync(join(root, path), registered);
  return path;
}
