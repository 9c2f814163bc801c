// Issue 10 item 9: error bodies stay small and say what failed without internal addresses, whatever the
// request was: thousands of unknown keys, megabyte-long names, an unreachable store.
import functions from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CommandRegistry } from '../../src/commands/registry.js';
import { toValidationIssues } from '../../src/commands/validation.js';
import { aggregates } from '../../src/domain/aggregates.js';
import { ProjectionNotFoundError, StoreUnavailableError, ValidationFailedError } from '../../src/errors.js';
import { errorToResponse } from '../../src/http/problem.js';
import {
  assertAggregateId,
  assertAggregateType,
  assertProjectionName,
} from '../../src/shared/identifiers.js';
import { mapUnavailable } from '../../src/stores/azureErrors.js';
import { thrownBy } from './support/thrown.js';

const { InvocationContext } = functions;

function respond(error: unknown) {
  const logged: unknown[][] = [];
  const context = new InvocationContext({ logHandler: (_level, ...args) => logged.push(args) });
  const response = errorToResponse(error, context);
  return { body: String(response.body), json: JSON.parse(String(response.body)), logged };
}

const messageOf = (error: unknown) => (error as Error).message;
const huge = 'x'.repeat(100_000);

describe('bounded validation errors', () => {
  it('item 9: answers 60,000 unknown keys in a few hundred bytes, naming the first ones and counting the rest', () => {
    const payload = Object.fromEntries(Array.from({ length: 60_000 }, (_, index) => [`key${index}`, 1]));
    const parsed = z.strictObject({ amount: z.number().optional() }).safeParse(payload);
    const issues = toValidationIssues(parsed.error?.issues ?? []);
    const { body, json } = respond(new ValidationFailedError('The deposit payload is invalid.', issues));
    expect(body.length).toBeLessThan(2_000);
    expect(json.errors).toEqual([
      { path: '', message: expect.stringMatching(/^Unrecognized keys: "key0", "key1", .* and 59990 more$/) },
    ]);
  });

  it('item 9: cuts unknown key names', () => {
    const parsed = z.strictObject({}).safeParse({ [huge]: 1 });
    const [issue] = toValidationIssues(parsed.error?.issues ?? []);
    expect(issue?.message.length).toBeLessThan(100);
  });

  it('item 9: lists at most 20 issues, counts the others, and cuts long paths and messages', () => {
    const issues = Array.from({ length: 5_000 }, (_, index) => ({ path: `${huge}${index}`, message: huge }));
    const { body, json } = respond(new ValidationFailedError('Invalid.', issues));
    expect(json.errors).toHaveLength(20);
    expect(json.omittedErrors).toBe(4_980);
    expect(body.length).toBeLessThan(20 * 600);
    const short = [{ path: 'amount', message: 'must be positive' }];
    expect(respond(new ValidationFailedError('Invalid.', short)).json).toMatchObject({ errors: short });
    expect(respond(new ValidationFailedError('Invalid.', short)).json).not.toHaveProperty('omittedErrors');
  });
});

describe('echoed identifiers', () => {
  const registry = new CommandRegistry();
  for (const aggregate of aggregates) registry.register(aggregate);
  const longType = `bank.${'a'.repeat(100_000)}`;
  const longCommand = `x${'-y'.repeat(50_000)}`;

  it.each([
    ['an unknown aggregate type', longType, () => registry.aggregate(longType)],
    ['an unknown command', longCommand, () => registry.command('bank.account', longCommand)],
    ['an invalid aggregate type', `${huge}!`, () => assertAggregateType(`${huge}!`)],
    ['an invalid aggregate id', huge, () => assertAggregateId(huge)],
    ['an invalid projection name', huge, () => assertProjectionName(huge)],
    [
      'an unknown projection',
      huge,
      () => thrown(new ProjectionNotFoundError(huge, [{ name: 'account-balance' }])),
    ],
  ])('item 9: quotes %s cut to 64 characters', (_, value, action) => {
    const message = messageOf(thrownBy(action));
    expect(message).toContain(`"${value.slice(0, 64)}…"`);
    expect(message.length).toBeLessThan(250);
  });

  it('item 9: keeps the known names beside a cut unknown name', () => {
    const message = messageOf(thrownBy(() => registry.aggregate(longType)));
    expect(message).toMatch(/^There is no aggregate type "bank\.a{59}…" \(known: bank\.account, /);
  });
});

describe('unavailable stores', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:10002'), {
    name: 'RestError',
    code: 'ECONNREFUSED',
  });

  it('item 9: says what failed without the address, and keeps the SDK error as the cause', () => {
    const error = thrownBy(() => mapUnavailable('table', refused));
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(messageOf(error)).toBe('The table event store is unavailable (connection refused).');
    expect((error as Error).cause).toBe(refused);
  });

  it('item 9: answers 503 without the address and logs the cause', () => {
    const { body, logged } = respond(thrownBy(() => mapUnavailable('table', refused)));
    expect(body).not.toContain('127.0.0.1');
    expect(body).toContain('connection refused');
    expect(logged).toEqual([[expect.objectContaining({ cause: refused })]]);
  });

  it.each([
    [{ name: 'RestError', statusCode: 503, message: 'Server busy at http://10.0.0.4:10002' }, 'status 503'],
    [
      { name: 'RestError', statusCode: 429, message: 'Throttled at http://10.0.0.4' },
      'throttled, status 429',
    ],
    [{ name: 'AbortError', message: 'aborted http://10.0.0.4' }, 'no answer in time'],
    [
      { name: 'Error', code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND acct.table.core.windows.net' },
      'host not found',
    ],
  ])('item 9: describes %j as %s', (cause, words) => {
    const message = messageOf(thrownBy(() => mapUnavailable('blob', cause)));
    expect(message).toBe(`The blob event store is unavailable (${words}).`);
  });
});

function thrown(error: Error): never {
  throw error;
}
