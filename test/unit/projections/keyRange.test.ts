// The prefixes covering a range of sort keys: exactly the keys in the range, each once, in order, few of them.
import { describe, expect, it } from 'vitest';
import { prefixCover } from '../../../src/projections/keyRange.js';

/** Every string of the template `##-#`: 1,000 of them, in order. */
const ALL = Array.from({ length: 1000 }, (_, n) => {
  const digits = String(n).padStart(3, '0');
  return `${digits.slice(0, 2)}-${digits.slice(2)}`;
});

function covered(prefixes: string[]): string[] {
  return ALL.filter((key) => prefixes.some((prefix) => key.startsWith(prefix)));
}

describe('prefixCover', () => {
  it('covers exactly the keys between two bounds, for every pair of a sample, without overlap', () => {
    const bounds = ALL.filter((_, n) => n % 37 === 0 || n === 999 || n % 100 === 99);
    for (const from of bounds) {
      for (const to of bounds) {
        const prefixes = prefixCover(from, to);
        const expected = ALL.filter((key) => key >= from && key <= to);
        expect(covered(prefixes), `${from}..${to}`).toEqual(expected);
        const hits = expected.map((key) => prefixes.filter((prefix) => key.startsWith(prefix)).length);
        expect(hits.every((count) => count === 1)).toBe(true);
        expect([...prefixes].sort()).toEqual(prefixes);
        expect(prefixes.length).toBeLessThanOrEqual(18 * 3);
      }
    }
  });

  it('leaves a bound open when it is absent, and covers everything with none', () => {
    expect(covered(prefixCover('42-7'))).toEqual(ALL.filter((key) => key >= '42-7'));
    expect(covered(prefixCover(undefined, '42-7'))).toEqual(ALL.filter((key) => key <= '42-7'));
    expect(prefixCover()).toEqual(['']);
    expect(prefixCover('50-0', '49-9')).toEqual([]);
  });

  it('keeps a date range to a few prefixes, matching instants that start with the day', () => {
    const prefixes = prefixCover('2031-05-17', '2031-06-02');
    expect(prefixes).toEqual([
      '2031-05-17',
      '2031-05-18',
      '2031-05-19',
      '2031-05-2',
      '2031-05-3',
      '2031-05-4', // … to 9: the digits are all the cover knows of a template
      '2031-05-5',
      '2031-05-6',
      '2031-05-7',
      '2031-05-8',
      '2031-05-9',
      '2031-06-00',
      '2031-06-01',
      '2031-06-02',
    ]);
    expect(prefixes.some((prefix) => '2031-05-31T23:59:59.999Z/x'.startsWith(prefix))).toBe(true);
    expect(prefixes.some((prefix) => '2031-06-03T00:00:00.000Z/x'.startsWith(prefix))).toBe(false);
  });
});
