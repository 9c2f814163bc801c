// infra/ read as text, for the drift checker (no Bicep compiler runs here): `param` and `var` declarations (with
// main.parameters.json), module calls, resources (also `[for x in list: ...]`) and their object blocks. A plain
// name resolves through module parameters; any other expression counts as unknown.
export type Value = string | string[] | undefined;
export type Scope = Map<string, Value>;

export type Infra = ReturnType<typeof readInfra>;

/** The Function App's app settings (name → value where it resolves to a string), outputs, resources. */
export function readInfra(files: Record<string, string>) {
  const parameters: Record<string, { value?: unknown }> =
    JSON.parse(files['main.parameters.json'] ?? '{}').parameters ?? {};
  const main = stripComments(files['main.bicep'] ?? '');
  const overrides: Scope = new Map(
    Object.entries(parameters).map(([key, { value }]) => [key, asValue(value)]),
  );
  const mainScope = declarations(main, overrides);
  const resources = resourcesIn(main, mainScope);
  for (const { head, body } of blocks(main, /module\s+\w+\s+'([^']+)'\s*=\s*/g)) {
    const params = [...entries(entries(body).get('params') ?? '{}')];
    const text = stripComments(files[head[1] ?? ''] ?? '');
    const given: Scope = new Map(params.map(([name, expression]) => [name, evaluate(expression, mainScope)]));
    resources.push(...resourcesIn(text, declarations(text, given)));
  }
  const appSettings = new Map<string, string | undefined>();
  for (const { fields, scope } of resources.filter(({ type }) => type === 'Microsoft.Web/sites')) {
    const siteConfig = entries(entries(fields.get('properties') ?? '{}').get('siteConfig') ?? '{}');
    for (const setting of split(siteConfig.get('appSettings') ?? '[]').map(entries)) {
      const [name, value] = ['name', 'value'].map((key) => evaluate(setting.get(key) ?? '', scope));
      if (typeof name === 'string') appSettings.set(name, typeof value === 'string' ? value : undefined);
    }
  }
  const map = parameters.configurationMap?.value;
  const byType = (type: string) => resources.filter((resource) => resource.type === type);
  const outputs = [...main.matchAll(/^output\s+(\w+)\s+\w+\s*=\s*(.+)$/gm)];
  return {
    appSettings,
    outputs: new Map(outputs.map(([, name = '', expression = '']) => [name, expression])),
    configurationMap: map && typeof map === 'object' && Object.keys(map).length > 0 ? map : undefined,
    resources: byType,
    names: (type: string) => byType(type).flatMap(({ names }) => names),
  };
}

function resourcesIn(text: string, scope: Scope) {
  const head =
    /resource\s+(\w+)\s+'([^'@]+)@[^']+'\s*(existing\s*)?=\s*(?:\[\s*for\s+(\w+)\s+in\s+(\w+)\s*:\s*)?/g;
  return blocks(text, head)
    .filter(({ head }) => !head[3])
    .map(({ head: [, symbol = '', type = '', , item, list = ''], body }) => {
      const fields = entries(body);
      const name = fields.get('name') ?? '';
      const value = item && name === item ? evaluate(list, scope) : evaluate(name, scope);
      const properties = entries(fields.get('properties') ?? '{}');
      const property = (key: string) => `${evaluate(properties.get(key) ?? '', scope) ?? ''}` || undefined;
      const names: string[] = typeof value === 'string' ? [value] : (value ?? []);
      return { symbol, type, names, property, properties, fields, scope };
    });
}

/** The `param` values (given by the caller, else their default) and `var` values of one file. */
function declarations(text: string, given: Scope): Scope {
  const scope: Scope = new Map();
  for (const [, name = '', expression] of text.matchAll(/^param\s+(\w+)\s+\w+(?:\s*=\s*(.+))?$/gm)) {
    scope.set(name, given.has(name) ? given.get(name) : expression ? evaluate(expression, scope) : undefined);
  }
  for (const match of text.matchAll(/^var\s+(\w+)\s*=\s*/gm)) {
    const start = match.index + match[0].length;
    const end = '[{'.includes(text[start] ?? '') ? walk(text, start) + 1 : text.indexOf('\n', start);
    scope.set(match[1] ?? '', evaluate(text.slice(start, end < 0 ? undefined : end), scope));
  }
  return scope;
}

/** A string literal (interpolating names in scope), a number or boolean, a name in scope, or an array of those. */
export function evaluate(expression: string, scope: Scope): Value {
  const text = expression.trim();
  const literal = /^'((?:[^'\\]|\\.)*)'$/.exec(text);
  if (literal) return interpolate(literal[1] ?? '', scope);
  if (/^(-?\d+|true|false)$/.test(text)) return text;
  if (/^[A-Za-z_]\w*$/.test(text)) return scope.get(text);
  const items = text.startsWith('[') ? split(text).map((item) => evaluate(item, scope)) : [undefined];
  return items.every((item) => typeof item === 'string') ? (items as string[]) : undefined;
}

function asValue(value: unknown): Value {
  if (Array.isArray(value)) return value.every((item) => typeof item === 'string') ? value : undefined;
  return ['string', 'number', 'boolean'].includes(typeof value) ? String(value) : undefined;
}

/** Each match of `head` that a `{ ... }` block follows, with the block. */
function blocks(text: string, head: RegExp) {
  return [...text.matchAll(head)]
    .map((match) => ({ head: match, open: match.index + match[0].length }))
    .filter(({ open }) => text[open] === '{')
    .map(({ head, open }) => ({ head, body: text.slice(open, walk(text, open) + 1) }));
}

/** The top-level `key: value` entries of an object block. */
export function entries(block: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of split(block)) {
    const [, key, value] = /^'?([\w$.-]+)'?\s*:\s*([\s\S]*)$/.exec(part) ?? [];
    if (key !== undefined && value !== undefined) found.set(key, value);
  }
  return found;
}

/** The top-level items of a `{ ... }` or `[ ... ]` block: separated by new lines or commas. */
export function split(block: string): string[] {
  const text = block.trim();
  const parts: string[] = [];
  let start = 1;
  const end = walk(text, 0, (i) => {
    if (text[i] !== '\n' && text[i] !== ',') return;
    parts.push(text.slice(start, i));
    start = i + 1;
  });
  return [...parts, text.slice(start, end)].map((part) => part.trim()).filter(Boolean);
}

/** A string literal's text with each `${name}` replaced by the name's value; unknown if one has none. */
function interpolate(text: string, scope: Scope): Value {
  let known = true;
  const value = text.replace(/\$\{\s*([A-Za-z_]\w*)\s*\}/g, (_, name: string) => {
    const found = scope.get(name);
    if (typeof found !== 'string') known = false;
    return typeof found === 'string' ? found : '';
  });
  return known && !value.includes('${') ? value.replace(/\\(.)/g, '$1') : undefined;
}

/** Walks a block from its opening bracket over strings and nested blocks; returns where it closes. */
export function walk(text: string, open: number, atTopLevel: (index: number) => void = () => {}): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i] ?? '';
    if (char === "'") while (++i < text.length && text[i] !== "'") i += text[i] === '\\' ? 1 : 0;
    else if ('{[('.includes(char)) depth++;
    else if ('}])'.includes(char) && --depth === 0) return i;
    else if (depth === 1) atTopLevel(i);
  }
  return text.length - 1;
}

/** Drops `//` comments; a string, matched first, keeps any `//` inside it. */
export function stripComments(text: string): string {
  return text.replace(/('(?:[^'\\]|\\.)*')|\/\/[^\n]*/g, (_, string?: string) => string ?? '');
}
