// Bounds the `errors[]` of a validation-failed problem, whatever produced it: a hostile request can make
// thousands of issues or a megabyte-long path, and the answer should stay a few kilobytes.
import { truncateText, type ValidationIssue } from '../errors.js';

export const MAX_LISTED_ISSUES = 20;
const MAX_PATH_LENGTH = 200;
const MAX_MESSAGE_LENGTH = 300;

export interface BoundedIssues {
  errors: ValidationIssue[];
  /** How many issues were left out of `errors`; absent when none were. */
  omittedErrors?: number;
}

export function boundIssues(issues: readonly ValidationIssue[]): BoundedIssues {
  const errors = issues.slice(0, MAX_LISTED_ISSUES).map(({ path, message }) => ({
    path: truncateText(path, MAX_PATH_LENGTH),
    message: truncateText(message, MAX_MESSAGE_LENGTH),
  }));
  const omitted = issues.length - errors.length;
  return omitted > 0 ? { errors, omittedErrors: omitted } : { errors };
}
