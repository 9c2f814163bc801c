// The prefixes that together cover a range of sort keys, so a range query lists only what is in it: listing
// by prefix is what every document store can do (Blob has no "start after" a key of the caller's choosing).
// Bounds are strings of one template (digits vary, other characters are fixed, e.g. `2031-05-17`); a key is
// in the range when its first characters are between them, inclusive. The prefixes come in ascending order
// and do not overlap; there are at most about 18 per digit of the template.

/** Prefixes covering [from, to]; an absent bound is open. [''] when both are absent (everything). */
export function prefixCover(from?: string, to?: string): string[] {
  if (from === undefined && to === undefined) return [''];
  const low = from ?? extreme(to as string, '0');
  const high = to ?? extreme(from as string, '9');
  if (low.length !== high.length || low > high) return [];
  return cover(low, high, 0);
}

function cover(low: string, high: string, i: number): string[] {
  if (i === low.length || (restIs(low, i, '0') && restIs(high, i, '9'))) return [low.slice(0, i)];
  if (low[i] === high[i]) return cover(low, high, i + 1);
  const [a, b] = [Number(low[i]), Number(high[i])];
  return [
    ...coverFrom(low, i + 1),
    ...digits(a + 1, b - 1).map((d) => `${low.slice(0, i)}${d}`),
    ...coverTo(high, i + 1),
  ];
}

/** Strings starting with low[0..i) that are ≥ low. */
function coverFrom(low: string, i: number): string[] {
  if (i === low.length || restIs(low, i, '0')) return [low.slice(0, i)];
  if (!isDigit(low[i])) return coverFrom(low, i + 1);
  return [...coverFrom(low, i + 1), ...digits(Number(low[i]) + 1, 9).map((d) => `${low.slice(0, i)}${d}`)];
}

/** Strings starting with high[0..i) that are ≤ high. */
function coverTo(high: string, i: number): string[] {
  if (i === high.length || restIs(high, i, '9')) return [high.slice(0, i)];
  if (!isDigit(high[i])) return coverTo(high, i + 1);
  return [...digits(0, Number(high[i]) - 1).map((d) => `${high.slice(0, i)}${d}`), ...coverTo(high, i + 1)];
}

function digits(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, n) => from + n);
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

/** Whether every digit of text from i on is `digit` (other characters are fixed). */
function restIs(text: string, i: number, digit: string): boolean {
  return [...text.slice(i)].every((char) => !isDigit(char) || char === digit);
}

/** The template's lowest or highest string: every digit replaced. */
function extreme(template: string, digit: string): string {
  return template.replace(/[0-9]/g, digit);
}
