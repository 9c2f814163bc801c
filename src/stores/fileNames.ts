// File names for streams on file systems that ignore case (Azure Files, Windows, macOS): upper-case letters
// are written as `^` + the lower-case letter, so `Abc` and `abc` never share a file. Aggregate ids are
// validated before they get here (letters, digits, - _ . @), so no other character needs escaping.

export function encodeFileName(aggregateId: string): string {
  return aggregateId.replace(/[A-Z]/g, (letter) => `^${letter.toLowerCase()}`);
}

export function decodeFileName(name: string): string {
  return name.replace(/\^([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
