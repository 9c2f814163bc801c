// Identifier rules, checked before an identifier can become a table key, blob name or file path. Shared by the
// HTTP edge, the configuration map, the message reader and the read side.
import { InvalidIdentifierError, quoteIdentifier } from '../errors.js';

/** 1–128 letters, digits, `-`, `_`, `.`, `@`; not starting or ending with `.`. */
export const AGGREGATE_ID_PATTERN = /^(?!\.)[A-Za-z0-9_.@-]{1,128}(?<!\.)$/;

/** Lower-case, domain-qualified, e.g. `bank.account` or `fleet.vehicle`. */
export const AGGREGATE_TYPE_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*)+$/;

/** Lower-case kebab-case, e.g. `deposit` or `record-mileage`. */
export const COMMAND_NAME_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Projection (and workflow) names: lower-case kebab-case, at most 64 characters. */
export const PROJECTION_NAME_PATTERN = /^(?=.{1,64}$)[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export function assertAggregateId(value: string): string {
  if (!AGGREGATE_ID_PATTERN.test(value)) {
    throw new InvalidIdentifierError(
      `Invalid aggregate id ${quoteIdentifier(value)}: use 1-128 letters, digits, '-', '_', '.', '@', ` +
        "not starting or ending with '.'.",
      { parameter: 'aggregateId' },
    );
  }
  return value;
}

export function assertAggregateType(value: string): string {
  if (!AGGREGATE_TYPE_PATTERN.test(value)) {
    throw new InvalidIdentifierError(
      `Invalid aggregate type ${quoteIdentifier(value)}: expected a lower-case, domain-qualified name such as "bank.account".`,
      { parameter: 'aggregateType' },
    );
  }
  return value;
}

export function assertCommandName(value: string): string {
  if (!COMMAND_NAME_PATTERN.test(value) || value.length > 64) {
    throw new InvalidIdentifierError(
      `Invalid command name ${quoteIdentifier(value)}: expected lower-case kebab-case such as "record-mileage".`,
      { parameter: 'commandName' },
    );
  }
  return value;
}

export function assertProjectionName(value: string): string {
  if (!PROJECTION_NAME_PATTERN.test(value)) {
    throw new InvalidIdentifierError(
      `Invalid projection name ${quoteIdentifier(value)}: expected lower-case kebab-case such as "account-balance".`,
      { parameter: 'projection' },
    );
  }
  return value;
}

/** Keys of per-aggregate projection documents are aggregate ids. */
export function assertDocumentKey(value: string): string {
  if (!AGGREGATE_ID_PATTERN.test(value)) {
    throw new InvalidIdentifierError(
      `Invalid key ${quoteIdentifier(value)}: an aggregate id has 1-128 letters, digits, '-', '_', '.', '@'.`,
      { parameter: 'key' },
    );
  }
  return value;
}
