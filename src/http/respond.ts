// Wraps an HTTP function body: every response carries `X-Correlation-Id`, and every error becomes a problem.

import { randomUUID } from 'node:crypto';
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { ValidationFailedError, type ValidationIssue } from '../errors.js';
import { readHeader, TOKEN_HEADER } from './headers.js';
import { errorToResponse } from './problem.js';
import { tracedRequest } from './requestSpan.js';

export type HttpHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

export function withProblemDetails(
  handler: (
    request: HttpRequest,
    context: InvocationContext,
    correlationId: string,
  ) => Promise<HttpResponseInit>,
): HttpHandler {
  return async (request, context) => {
    const issues: ValidationIssue[] = [];
    const sent = readHeader(request, 'x-correlation-id', TOKEN_HEADER, issues);
    // An invalid id is refused, and the refusal carries a fresh one rather than echoing what was sent.
    const correlationId = sent !== undefined && issues.length === 0 ? sent : randomUUID();
    const response = await tracedRequest(request, context, correlationId, async () => {
      try {
        if (issues.length > 0)
          throw new ValidationFailedError('The X-Correlation-Id header is invalid.', issues);
        return await handler(request, context, correlationId);
      } catch (error) {
        return errorToResponse(error, context);
      }
    });
    return {
      ...response,
      headers: { ...(response.headers as Record<string, string>), 'X-Correlation-Id': correlationId },
    };
  };
}

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponseInit {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
