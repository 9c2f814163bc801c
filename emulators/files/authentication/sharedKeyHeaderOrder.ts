// The order SharedKey puts x-ms-* headers in: the storage service sorts them with .NET's en-US
// culture-aware comparison (hyphens are ignored at first, '_' sorts before digits), and the SDK
// imitates it, so a plain string sort would reject requests carrying e.g. `x-ms-meta-a_b` and
// `x-ms-meta-a1`. This mirrors the SDK's three-level weight tables for ASCII.

// Level 0: primary weights, case-insensitive; characters not listed are ignored at this level.
const primaryOrder = '!#$%&*.^_`|~+0123456789abcdefghijklmnopqrstuvwxyz';
const end = 1; // weight of "past the end of the string"

const primaryWeight = (char: string): number => {
  const index = primaryOrder.indexOf(char.toLowerCase());
  return index < 0 ? 0 : index + 2; // 0 means "ignored", 1 means "end"
};
// Level 1: upper case sorts after lower case.
const caseWeight = (char: string): number => (char >= 'A' && char <= 'Z' ? 0x12 : 0);
// Level 2: the characters ignored at level 0 that still break ties.
const tieWeight = (char: string): number => (char === "'" ? 0x8012 : char === '-' ? 0x8212 : 0);

const levels = [primaryWeight, caseWeight, tieWeight] as const;

const isLessThan = (lhs: string, rhs: string): boolean => {
  let level = 0;
  let i = 0;
  let j = 0;
  while (level < levels.length) {
    const weigh = levels[level] ?? primaryWeight;
    if (level === levels.length - 1 && i !== j) return i > j;
    const left = i < lhs.length ? weigh(lhs.charAt(i)) : end;
    const right = j < rhs.length ? weigh(rhs.charAt(j)) : end;
    if (left === end && right === end) {
      i = 0;
      j = 0;
      level++;
    } else if (left === right) {
      i++;
      j++;
    } else if (left === 0) {
      i++;
    } else if (right === 0) {
      j++;
    } else {
      return left < right;
    }
  }
  return false;
};

/** Array.sort comparator for lower-cased header names, as the SDK signs them. */
export const compareHeaderNames = (lhs: string, rhs: string): number => (isLessThan(lhs, rhs) ? -1 : 1);
