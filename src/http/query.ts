// Parses a request's query string with a zod schema. `code` is the function key (README "Security
// defaults"): the Functions host checks it and hands it on, so every route accepts and ignores it.
import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { toValidationIssues } from '../commands/validation.js';
import { ValidationFailedError } from '../errors.js';

const FUNCTION_KEY_PARAMETER = 'code';

export function parseQuery<Schema extends z.ZodType>(request: HttpRequest, schema: Schema): z.output<Schema> {
  const entries = [...request.query.entries()].filter(([name]) => name !== FUNCTION_KEY_PARAMETER);
  const parsed = schema.safeParse(Object.fromEntries(entries));
  if (parsed.success) return parsed.data;
  const issues = toValidationIssues(parsed.error.issues).map((issue) => ({
    ...issue,
    path: issue.path ? `query.${issue.path}` : 'query',
  }));
  throw new ValidationFailedError('The query string is invalid.', issues);
}

/** For routes that take no query parameters: anything but `code` is refused. */
export const NO_QUERY = z.strictObject({});
