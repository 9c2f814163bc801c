// Turns zod issues on a command payload into the `errors[]` of a validation-failed problem response.
import type { z } from 'zod';
import { formatPath } from '../config/formatIssues.js';
import type { ValidationIssue } from '../errors.js';

export function toValidationIssues(issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
  return issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}
