// Turns zod issues into one line each, naming the path at fault: `  - aggregates["bank.account"].store: …`.
import type { z } from 'zod';

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const text = String(segment);
      if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(text)) return index === 0 ? text : `.${text}`;
      return `[${JSON.stringify(text)}]`;
    })
    .join('');
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return flatten(issues, [])
    .map(({ path, message }) => `  - ${formatPath(path) || '(root)'}: ${message}`)
    .join('\n');
}

/** zod nests the reason a record key was refused inside an `invalid_key` issue: bring it to the surface. */
function flatten(
  issues: readonly z.core.$ZodIssue[],
  prefix: PropertyKey[],
): { path: PropertyKey[]; message: string }[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_key' && issue.issues.length > 0) {
      return flatten(issue.issues, path).map((inner) => ({
        ...inner,
        message: `invalid key: ${inner.message}`,
      }));
    }
    return [{ path, message: issue.message }];
  });
}
