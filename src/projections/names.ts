// Projection names and document keys, checked before they can become a blob name or a file path.
import { InvalidIdentifierError, quoteIdentifier } from '../errors.js';
import { AGGREGATE_ID_PATTERN } from '../http/identifiers.js';
import { PROJECTION_NAME_PATTERN } from './projection.js';

export function assertProjectionName(value: string): string {
  if (!PROJECTION_NAME_PATTERN.test(value)) {
    throw new InvalidIdentifierError(
      `Invalid projection name ${quoteIdentifier(value)}: expected lower-case kebab-case such as "account-balance".`,
      { parameter: 'projection' },
    );
  }
  return value;
}

/** Keys of per-aggregate documents are aggregate ids. */
export function assertDocumentKey(value: string): string {
  if (!AGGREGATE_ID_PATTERN.test(value)) {
    throw new InvalidIdentifierError(
      `Invalid key ${quoteIdentifier(value)}: an aggregate id has 1-128 letters, digits, '-', '_', '.', '@'.`,
      { parameter: 'key' },
    );
  }
  return value;
}
