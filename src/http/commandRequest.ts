// Turns an HTTP command request into a CommandRequest: route identifiers, headers and the JSON body,
// each validated before anything reaches a store.

import { randomUUID } from 'node:crypto';
import type { HttpRequest } from '@azure/functions';
import type { CommandRequest } from '../commands/commandHandler.js';
import type { CommandRegistry } from '../commands/registry.js';
import { ValidationFailedError, type ValidationIssue } from '../errors.js';
import { assertAggregateId, assertAggregateType, assertCommandName } from './identifiers.js';
import { readJsonBody } from './requestBody.js';

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

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
  const header = (name: string, maxLength: number, pattern = /^\P{Cc}+$/u) => {
    const value = request.headers.get(name);
    if (value === null) return undefined;
    if (value.length === 0 || value.length > maxLength || !pattern.test(value)) {
      issues.push({
        path: `headers.${name}`,
        message: `must be 1-${maxLength} characters without control characters`,
      });
    }
    return value;
  };
  const expectedVersion = parseIfMatch(request.headers.get('if-match'), issues);
  const idempotencyKey = header('idempotency-key', 128, PRINTABLE_ASCII);
  const who = header('x-ms-client-principal-name', 256) ?? 'anonymous';
  const source = header('x-source', 200);
  const commentary = header('x-commentary', 1000);
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

/** `If-Match: "<n>"` → n. */
function parseIfMatch(value: string | null, issues: ValidationIssue[]): number | undefined {
  if (value === null) return undefined;
  const match = /^\s*"(\d{1,15})"\s*$/.exec(value);
  if (!match?.[1]) {
    issues.push({ path: 'headers.if-match', message: 'must be a quoted stream version, e.g. "3"' });
    return undefined;
  }
  return Number(match[1]);
}
