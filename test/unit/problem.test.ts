// errorToResponse: every error a caller can act on becomes an RFC 9457 problem response with a stable code.

import type { HttpResponseInit, LogLevel } from '@azure/functions';
import functions from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { AggregateNotFound, DomainRuleViolated } from '../../src/domain/decider.js';
import {
  ConcurrencyError,
  InvalidIdentifierError,
  InvalidJsonError,
  NotFoundError,
  PayloadTooLargeError,
  StoreUnavailableError,
  UnsupportedMediaTypeError,
  ValidationFailedError,
  VersionMismatchError,
} from '../../src/errors.js';
import { errorToResponse } from '../../src/http/problem.js';

const { InvocationContext } = functions;

function respond(error: unknown) {
  const logs: { level: LogLevel; args: unknown[] }[] = [];
  const context = new InvocationContext({ logHandler: (level, ...args) => logs.push({ level, args }) });
  const response: HttpResponseInit = errorToResponse(error, context);
  const headers = response.headers as Record<string, string>;
  const body = JSON.parse(String(response.body)) as Record<string, unknown>;
  return { response, headers, body, logs };
}

describe('errorToResponse', () => {
  it.each([
    [new InvalidJsonError('Body is not JSON'), 400, 'invalid-json'],
    [new InvalidIdentifierError('Bad id', { parameter: 'aggregateId' }), 400, 'invalid-identifier'],
    [new NotFoundError('unknown-aggregate-type', 'No such type'), 404, 'unknown-aggregate-type'],
    [new NotFoundError('unknown-command', 'No such command'), 404, 'unknown-command'],
    [new ConcurrencyError('Lost the race'), 409, 'concurrency-conflict'],
    [new VersionMismatchError('Stale If-Match', 4), 412, 'version-mismatch'],
    [new PayloadTooLargeError('Too big'), 413, 'payload-too-large'],
    [new UnsupportedMediaTypeError('Not JSON'), 415, 'unsupported-media-type'],
    [new StoreUnavailableError('Store down'), 503, 'store-unavailable'],
    [new AggregateNotFound('Open it first'), 404, 'aggregate-not-found'],
    [new DomainRuleViolated('insufficient-funds', 'Not enough money'), 422, 'domain-rule-violated'],
  ])('maps %s to %d %s', (error, status, code) => {
    const { response, headers, body } = respond(error);
    expect(response.status).toBe(status);
    expect(headers['Content-Type']).toBe('application/problem+json');
    expect(body).toMatchObject({ status, code, detail: error.message });
    expect(typeof body.type).toBe('string');
    expect(body.type).toContain(code);
    expect(typeof body.title).toBe('string');
    expect(body.title).not.toBe('');
  });

  it('adds the domain reason to 422 domain-rule-violated', () => {
    const { body } = respond(new DomainRuleViolated('balance-not-zero', 'Balance is 5.00'));
    expect(body).toMatchObject({ status: 422, code: 'domain-rule-violated', reason: 'balance-not-zero' });
  });

  it('adds errors[] to validation-failed', () => {
    const errors = [{ path: 'amount', message: 'must be positive' }];
    const { body } = respond(new ValidationFailedError('Invalid payload', errors));
    expect(body).toMatchObject({ status: 400, code: 'validation-failed', errors });
  });

  it('adds currentVersion to concurrency-conflict and version-mismatch', () => {
    expect(respond(new ConcurrencyError('Lost', 7)).body.currentVersion).toBe(7);
    expect(respond(new VersionMismatchError('Stale', 0)).body.currentVersion).toBe(0);
  });

  it('leaves currentVersion out when a concurrency conflict does not know it', () => {
    expect(respond(new ConcurrencyError('Lost')).body).not.toHaveProperty('currentVersion');
  });

  it('sends Retry-After with store-unavailable', () => {
    expect(respond(new StoreUnavailableError('Down')).headers['Retry-After']).toBe('5');
    expect(respond(new StoreUnavailableError('Down', 30)).headers['Retry-After']).toBe('30');
  });

  it('sends Retry-After only with store-unavailable', () => {
    expect(respond(new ConcurrencyError('Lost')).headers).not.toHaveProperty('Retry-After');
  });

  it('logs a 503 as an error but not a client error', () => {
    expect(respond(new StoreUnavailableError('Down')).logs.map((log) => log.level)).toEqual(['error']);
    expect(respond(new InvalidJsonError('Bad')).logs).toEqual([]);
    expect(respond(new DomainRuleViolated('account-closed', 'Closed')).logs).toEqual([]);
  });

  it('answers an unexpected error with 500 internal-error, logs it and does not leak its message', () => {
    const secret = new Error('AccountKey=c2VjcmV0 at /home/site/wwwroot/src/stores/table.ts');
    const { response, headers, body, logs } = respond(secret);
    expect(response.status).toBe(500);
    expect(headers['Content-Type']).toBe('application/problem+json');
    expect(body).toMatchObject({ status: 500, code: 'internal-error' });
    expect(String(response.body)).not.toContain('c2VjcmV0');
    expect(String(response.body)).not.toContain('wwwroot');
    expect(logs).toEqual([{ level: 'error', args: [secret] }]);
  });

  it('answers a thrown non-Error with 500 internal-error', () => {
    const { response, body } = respond('just a string');
    expect(response.status).toBe(500);
    expect(body.code).toBe('internal-error');
    expect(String(response.body)).not.toContain('just a string');
  });
});
