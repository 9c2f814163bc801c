// Turns an HTTP command request into a CommandRequest: route identifiers, headers and the JSON body,
// each validated before anything reaches a store.

import { randomUUID } from 'node:crypto';
import type { HttpRequest } from '@azure/functions';
import type { CommandRequest } from '../commands/commandHandler.js';
import type { CommandRegistry } from '../commands/registry.js';
import { ValidationFailedError, type ValidationIssue } from '../errors.js';
import { assertAggregateId, assertAggregateType, assertCommandName } from '../shared/identifiers.js';
import { type HeaderRule, readHeader, TOKEN_HEADER } from './headers.js';
import { readJsonBody } from './requestBody.js';

/** Set by App Service authentication; a comma would be two principals joined. */
const PRINCIPAL_NAME: HeaderRule = { kind: 'text', maxLength: 256, single: true };

export async function parseCommandRequest(
  request: HttpRequest,
  registry: CommandRegistry,
  correlationId: string,
): Promise<CommandRequest> {
  const aggregateType = assertAggregateType(request.params.aggregateType ?? '');
  const aggregateId = assertAggregateId(request.params.aggregateId ?? '');
  const commandName = assertCommandName(request.params.commandName ?? '');
  registry.command(aggregateType, commandName);
  const issues: ValidationIssue[] = [];
  const expectedVersion = parseIfMatch(request.headers.get('if-match'), issues);
  const idempotencyKey = readHeader(request, 'idempotency-key', TOKEN_HEADER, issues);
  const who = readHeader(request, 'x-ms-client-principal-name', PRINCIPAL_NAME, issues) ?? 'anonymous';
  const source = readHeader(request, 'x-source', { kind: 'text', maxLength: 200 }, issues);
  const commentary = readHeader(request, 'x-commentary', { kind: 'text', maxLength: 1000 }, issues);
  const payload = await readJsonBody(request);
  if (issues.length > 0) throw new ValidationFailedError('Some request headers are invalid.', issues);
  return {
    aggregateType,
    aggregateId,
    commandName,
    payload,
    expectedVersion,
    idempotencyKey,
    causationId: randomUUID(),
    correlationId,
    who,
    source,
    commentary,
  };
}

/** `If-Match: "<n>"` → n. One version only: a list, or the header sent twice (joined with ", "), is refused. */
function parseIfMatch(value: string | null, issues: ValidationIssue[]): number | undefined {
  if (value === null) return undefined;
  const match = /^\s*"(\d{1,15})"\s*$/.exec(value);
  if (!match?.[1]) {
    const message = value.includes(',')
      ? 'must be sent once, with one quoted stream version: a comma is not allowed (a repeated header arrives joined with ", ")'
      : 'must be a quoted stream version, e.g. "3"';
    issues.push({ path: 'headers.if-match', message });
    return undefined;
  }
  return Number(match[1]);
}
