// Keeps the Service Bus compatibility table in emulators/README.md honest: every operation marked supported
// names a test that exists (file and title), every unsupported one says why, and every operation the issue 12
// probe (sdkProbe.test.ts) walks has its row.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const testFile = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');

interface Row {
  operation: string;
  support: string;
  notes: string;
  test: string;
}

const rows = (): Row[] => {
  const section = readme.slice(
    readme.indexOf('### Compatibility', readme.indexOf('## Service Bus emulator')),
  );
  const table = section.slice(section.indexOf('| operation |'));
  const lines = table.split('\n');
  const end = lines.findIndex((line) => !line.startsWith('|'));
  return lines.slice(2, end === -1 ? undefined : end).map((line) => {
    const [operation = '', support = '', notes = '', test = ''] = line
      .slice(1, -1)
      .split('|')
      .map((cell) => cell.trim());
    return { operation, support, notes, test };
  });
};

/** `file.test.ts` › title → where the test must be, or undefined when the cell is not in that form. */
const namedTest = (cell: string) => {
  const match = /^`([\w.]+\.test\.ts)` › (.+)$/.exec(cell);
  return match ? { file: match[1] as string, title: match[2] as string } : undefined;
};

describe('the Service Bus compatibility table', () => {
  it('has rows, each marked supported or not supported', () => {
    expect(rows().length).toBeGreaterThan(30);
    for (const row of rows())
      expect([row.operation, row.support]).toEqual([
        row.operation,
        expect.stringMatching(/^(supported|not supported)$/),
      ]);
  });

  it('names, for every supported operation, a test that exists', () => {
    const missing = rows()
      .filter((row) => row.support === 'supported' || row.test !== '')
      .filter((row) => {
        const named = namedTest(row.test);
        return !named || !testFile(named.file).includes(`'${named.title}'`);
      })
      .map((row) => `${row.operation}: ${row.test || '(no test named)'}`);
    expect(missing).toEqual([]);
  });

  it('says why for every operation that is not supported', () => {
    const unexplained = rows().filter((row) => row.support === 'not supported' && row.notes === '');
    expect(unexplained.map((row) => row.operation)).toEqual([]);
  });

  it('has a row for every operation the probe walks', () => {
    const probed = [...testFile('sdkProbe.test.ts').matchAll(/\bit\(\s*'([^']+)'/g)].map((match) => match[1]);
    const named = new Set(rows().map((row) => namedTest(row.test)?.title));
    expect(probed.length).toBeGreaterThan(5);
    expect(probed.filter((title) => !named.has(title))).toEqual([]);
  });
});
