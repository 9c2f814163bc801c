// Turns zod issues on a command payload into the `errors[]` of a validation-failed problem response.
import type { z } from 'zod';
import { formatPath } from '../config/formatIssues.js';
import { quoteIdentifier, type ValidationIssue } from '../errors.js';

/** Unknown keys named in one issue; zod would list every one (60,000 keys made a 709 KB answer). */
const LISTED_UNKNOWN_KEYS = 10;

export function toValidationIssues(issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
  return issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.code === 'unrecognized_keys' ? unrecognizedKeys(issue.keys) : issue.message,
  }));
}

function unrecognizedKeys(keys: readonly string[]): string {
  const listed = keys.slice(0, LISTED_UNKNOWN_KEYS).map(quoteIdentifier).join(', ');
  const rest = keys.length - LISTED_UNKNOWN_KEYS;
  return `Unrecognized key${keys.length === 1 ? '' : 's'}: ${listed}${rest > 0 ? ` and ${rest} more` : ''}`;
}
