// The few errors a caller can act on differently. Each has a stable string `code` and an HTTP status;
// `src/http/problem.ts` is the one place that turns them (and the domain's errors) into RFC 9457 responses.

export type ProblemExtensions = Record<string, unknown>;

export abstract class ApplicationError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  /** Extra members of the problem response, e.g. `currentVersion` or `errors`. */
  readonly extensions: ProblemExtensions;

  constructor(message: string, extensions: ProblemExtensions = {}) {
    super(message);
    this.extensions = extensions;
  }
}

/** The base of an error class with a fixed name, status and code (names stay readable in a bundle too). */
function errorClass<Code extends string>(name: string, status: number, code: Code) {
  return class extends ApplicationError {
    override readonly name = name;
    readonly status = status;
    readonly code: Code = code;
  };
}

export interface ValidationIssue {
  path: string;
  message: string;
}

export class InvalidJsonError extends errorClass('InvalidJsonError', 400, 'invalid-json') {}
export class InvalidIdentifierError extends errorClass('InvalidIdentifierError', 400, 'invalid-identifier') {}
export class PayloadTooLargeError extends errorClass('PayloadTooLargeError', 413, 'payload-too-large') {}
export class UnsupportedMediaTypeError extends errorClass(
  'UnsupportedMediaTypeError',
  415,
  'unsupported-media-type',
) {}
/** An Idempotency-Key already used on this aggregate for a different command or payload. */
export class IdempotencyKeyReusedError extends errorClass(
  'IdempotencyKeyReusedError',
  422,
  'idempotency-key-reused',
) {}
/** The projection exists but has no snapshot for that key (yet), or is asked for on the wrong route. */
export class SnapshotNotFoundError extends errorClass('SnapshotNotFoundError', 404, 'snapshot-not-found') {}

export class ValidationFailedError extends errorClass('ValidationFailedError', 400, 'validation-failed') {
  constructor(
    message: string,
    readonly errors: ValidationIssue[],
  ) {
    super(message, { errors });
  }
}

export type NotFoundCode =
  | 'unknown-aggregate-type'
  | 'unknown-command'
  | 'aggregate-not-found'
  | 'unknown-workflow'
  | 'workflow-instance-not-found'
  | 'route-not-found';

export class NotFoundError extends ApplicationError {
  override readonly name = 'NotFoundError';
  readonly status = 404;
  constructor(
    readonly code: NotFoundCode,
    message: string,
  ) {
    super(message);
  }
}

/** No projection of that name (the read side's routes). */
export class ProjectionNotFoundError extends errorClass(
  'ProjectionNotFoundError',
  404,
  'projection-not-found',
) {
  constructor(projection: string, known: readonly { name: string }[]) {
    const names = known.map((definition) => definition.name);
    super(`There is no projection ${quoteIdentifier(projection)} (known: ${names.join(', ')}).`, {
      projections: names,
    });
  }
}

/** The explorer needs a user signed in with App Service authentication, and none is. */
export class AuthenticationRequiredError extends errorClass(
  'AuthenticationRequiredError',
  401,
  'authentication-required',
) {}

/** The explorer is set to need App Service authentication, which is not enabled: it stays closed. */
export class ExplorerClosedError extends errorClass('ExplorerClosedError', 403, 'explorer-closed') {}

/** No rebuild job of that id for that projection. */
export class RebuildJobNotFoundError extends errorClass(
  'RebuildJobNotFoundError',
  404,
  'rebuild-job-not-found',
) {}

/** No replay (checkpoint) to that subscription. */
export class ReplayNotFoundError extends errorClass('ReplayNotFoundError', 404, 'replay-not-found') {}

/** The route exists but not for this method; `allowed` becomes the `Allow` header. */
export class MethodNotAllowedError extends errorClass('MethodNotAllowedError', 405, 'method-not-allowed') {
  constructor(
    message: string,
    readonly allowed: readonly string[],
  ) {
    super(message, { allowed });
  }
}

/** An append lost a race: the stream is no longer at the expected version. */
export class ConcurrencyError extends errorClass('ConcurrencyError', 409, 'concurrency-conflict') {
  constructor(
    message: string,
    readonly currentVersion?: number,
  ) {
    super(message, currentVersion === undefined ? {} : { currentVersion });
  }
}

/** The client's `If-Match` version is not the stream's version. */
export class VersionMismatchError extends errorClass('VersionMismatchError', 412, 'version-mismatch') {
  constructor(
    message: string,
    readonly currentVersion: number,
  ) {
    super(message, { currentVersion });
  }
}

/** A dependency (store, bus) is unreachable; nothing was half-written and the request can be retried. */
export class StoreUnavailableError extends errorClass('StoreUnavailableError', 503, 'store-unavailable') {
  constructor(
    message: string,
    readonly retryAfterInSeconds = 5,
    options?: { cause?: unknown },
  ) {
    super(message);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/**
 * A stream holds an event this code cannot read: a record the store cannot parse (corrupt bytes), an unknown
 * event type, or a schema version without an upcaster. Loading it would silently drop facts, so it stops
 * here, naming the stream and the version; the rebuild skips such a stream and reports it.
 */
export class UnreadableStreamError extends errorClass('UnreadableStreamError', 500, 'unreadable-event') {
  readonly stream: { aggregateType: string; aggregateId: string };

  constructor(
    stream: { aggregateType: string; aggregateId: string },
    readonly version: number,
    reason: string,
    eventType?: string,
  ) {
    const { aggregateType, aggregateId } = stream;
    super(
      `Stream ${aggregateType}/${aggregateId} cannot be loaded: the event at version ${version} ${reason}.`,
      {
        aggregateType,
        aggregateId,
        version,
        ...(eventType === undefined ? {} : { eventType }),
      },
    );
    this.stream = { aggregateType, aggregateId };
  }
}

/** Configuration that cannot work: raised at start-up, naming the setting or entry at fault. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** Longest part of a caller's identifier an error message repeats: enough to recognise it, never a megabyte. */
export const ECHOED_IDENTIFIER_LENGTH = 64;

/** A caller-supplied name quoted for an error message, cut to ECHOED_IDENTIFIER_LENGTH characters. */
export function quoteIdentifier(value: string): string {
  return JSON.stringify(truncateText(value, ECHOED_IDENTIFIER_LENGTH));
}

/** `value` cut to `maxLength` UTF-16 units plus '…', never splitting a surrogate pair. */
export function truncateText(value: string, maxLength: number): string {
  if (value.length <= maxLength) return value;
  const cut = /[\uD800-\uDBFF]$/.test(value.slice(0, maxLength)) ? maxLength - 1 : maxLength;
  return `${value.slice(0, cut)}…`;
}
