// One line about an error for logs and reports: its name and the first line of its message.
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const first = error.message.split('\n')[0] ?? '';
  return first ? `${error.name}: ${first}` : error.name;
}
