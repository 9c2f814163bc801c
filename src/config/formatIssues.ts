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
  return issues.map((issue) => `  - ${formatPath(issue.path) || '(root)'}: ${issue.message}`).join('\n');
}
