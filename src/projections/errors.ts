// The read side's 404s, mapped to problem details by src/http/problem.ts like every ApplicationError.
import { ApplicationError, quoteIdentifier } from '../errors.js';

export class ProjectionNotFoundError extends ApplicationError {
  override readonly name = 'ProjectionNotFoundError';
  readonly status = 404;
  readonly code = 'projection-not-found';
  constructor(projection: string, known: readonly { name: string }[]) {
    const names = known.map((definition) => definition.name);
    super(`There is no projection ${quoteIdentifier(projection)} (known: ${names.join(', ')}).`, {
      projections: names,
    });
  }
}

export class SnapshotNotFoundError extends ApplicationError {
  override readonly name = 'SnapshotNotFoundError';
  readonly status = 404;
  readonly code = 'snapshot-not-found';
}
