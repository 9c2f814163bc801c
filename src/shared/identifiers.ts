// Identifier rules, checked before an identifier can become a table key, blob name or file path. Shared by the
// HTTP edge, the configuration map, the message reader and the read side.
import { AGGREGATE_ID_RULE } from '../domain/aggregateIds.js';
import { InvalidIdentifierError, quoteIdentifier } from '../errors.js';

/** 1–128 letters, digits, `-`, `_`, `.`, `@`; not starting or ending with `.`. */
export const AGGREGATE_ID_PATTERN = AGGREGATE_ID_RULE;

/** Lower-case, domain-qualified, e.g. `bank.account` or `fleet.vehicle`. */
export const AGGREGATE_TYPE_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*)+$/;

/** Lower-case kebab-case, e.g. `deposit` or `record-mileage`. */
export const COMMAND_NAME_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Projection (and workflow) names: lower-case kebab-case, at most 64 characters. */
export const PROJECTION_NAME_PATTERN = /^(?=.{1,64}$)[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Service Bus subscription names as replays take them: 1–50 letters, digits, `.`, `_`, `-`, starting alphanumeric. */
export const SUBSCRIPTION_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/;

/** Returns `value` when `valid`, else throws InvalidIdentifierError naming the parameter and the rule. */
function checked(value: string, valid: boolean, parameter: string, what: string, rule: string): string {
  if (!valid) {
    throw new InvalidIdentifierError(`Invalid ${what} ${quoteIdentifier(value)}: ${rule}.`, { parameter });
  }
  return value;
}

export function assertAggregateId(value: string): string {
  const rule = "use 1-128 letters, digits, '-', '_', '.', '@', not starting or ending with '.'";
  return checked(value, AGGREGATE_ID_PATTERN.test(value), 'aggregateId', 'aggregate id', rule);
}

export function assertAggregateType(value: string): string {
  const rule = 'expected a lower-case, domain-qualified name such as "bank.account"';
  return checked(value, AGGREGATE_TYPE_PATTERN.test(value), 'aggregateType', 'aggregate type', rule);
}

export function assertCommandName(value: string): string {
  const rule = 'expected lower-case kebab-case such as "record-mileage"';
  const valid = COMMAND_NAME_PATTERN.test(value) && value.length <= 64;
  return checked(value, valid, 'commandName', 'command name', rule);
}

export function assertProjectionName(value: string): string {
  const rule = 'expected lower-case kebab-case such as "account-balance"';
  return checked(value, PROJECTION_NAME_PATTERN.test(value), 'projection', 'projection name', rule);
}

/** Keys of per-aggregate projection documents are aggregate ids. */
export function assertDocumentKey(value: string): string {
  const rule = "an aggregate id has 1-128 letters, digits, '-', '_', '.', '@'";
  return checked(value, AGGREGATE_ID_PATTERN.test(value), 'key', 'key', rule);
}

export function assertSubscriptionName(value: string): string {
  const rule = "use 1-50 letters, digits, '.', '_', '-', starting with a letter or digit";
  return checked(value, SUBSCRIPTION_NAME_PATTERN.test(value), 'subscription', 'subscription name', rule);
}
