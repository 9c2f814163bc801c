// The one place errors become HTTP responses: RFC 9457 problem details with a stable `code`.
import type { HttpResponseInit, InvocationContext } from '@azure/functions';
import { AggregateNotFound, DomainRuleViolated } from '../domain/decider.js';
import {
  ApplicationError,
  MethodNotAllowedError,
  StoreUnavailableError,
  ValidationFailedError,
} from '../errors.js';
import { boundIssues } from './issues.js';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(
  status: number,
  code: string,
  detail: string,
  extensions: Record<string, unknown> = {},
) {
  const body: ProblemDetails = {
    type: `urn:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    ...extensions,
  };
  return body;
}

export function problemResponse(
  body: ProblemDetails,
  headers: Record<string, string> = {},
): HttpResponseInit {
  return {
    status: body.status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
    body: JSON.stringify(body),
  };
}

/** Maps any error to a problem response; unexpected errors are logged and answered without internals. */
export function errorToResponse(error: unknown, context: InvocationContext): HttpResponseInit {
  if (error instanceof DomainRuleViolated) {
    return problemResponse(problem(422, 'domain-rule-violated', error.message, { reason: error.reason }));
  }
  if (error instanceof AggregateNotFound) {
    return problemResponse(problem(404, 'aggregate-not-found', error.message));
  }
  if (error instanceof ApplicationError) {
    if (error.status >= 500) context.error(error);
    const extensions =
      error instanceof ValidationFailedError
        ? { ...error.extensions, ...boundIssues(error.errors) }
        : error.extensions;
    return problemResponse(problem(error.status, error.code, error.message, extensions), headersFor(error));
  }
  context.error(error);
  return problemResponse(
    problem(500, 'internal-error', 'The request failed unexpectedly; it has been logged.'),
  );
}

function headersFor(error: ApplicationError): Record<string, string> {
  if (error instanceof StoreUnavailableError) return { 'Retry-After': String(error.retryAfterInSeconds) };
  if (error instanceof MethodNotAllowedError) return { Allow: error.allowed.join(', ') };
  return {};
}
