// Wraps an HTTP function body: every response carries `X-Correlation-Id`, and every error becomes a problem.

import { randomUUID } from 'node:crypto';
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { ValidationFailedError } from '../errors.js';
import { errorToResponse } from './problem.js';

const PRINTABLE_ASCII = /^[\x20-\x7e]{1,128}$/;

export type HttpHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

export function withProblemDetails(
  handler: (
    request: HttpRequest,
    context: InvocationContext,
    correlationId: string,
  ) => Promise<HttpResponseInit>,
): HttpHandler {
  return async (request, context) => {
    const sent = request.headers.get('x-correlation-id');
    const correlationId = sent && PRINTABLE_ASCII.test(sent) ? sent : randomUUID();
    let response: HttpResponseInit;
    try {
      if (sent !== null && sent !== correlationId) {
        throw new ValidationFailedError('The X-Correlation-Id header is invalid.', [
          { path: 'headers.x-correlation-id', message: 'must be 1-128 printable ASCII characters' },
        ]);
      }
      response = await handler(request, context, correlationId);
    } catch (error) {
      response = errorToResponse(error, context);
    }
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
