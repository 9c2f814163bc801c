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

export interface ValidationIssue {
  path: string;
  message: string;
}

export class InvalidJsonError extends ApplicationError {
  override readonly name = 'InvalidJsonError';
  readonly status = 400;
  readonly code = 'invalid-json';
}

export class ValidationFailedError extends ApplicationError {
  override readonly name = 'ValidationFailedError';
  readonly status = 400;
  readonly code = 'validation-failed';
  constructor(
    message: string,
    readonly errors: ValidationIssue[],
  ) {
    super(message, { errors });
  }
}

export class InvalidIdentifierError extends ApplicationError {
  override readonly name = 'InvalidIdentifierError';
  readonly status = 400;
  readonly code = 'invalid-identifier';
}

export type NotFoundCode = 'unknown-aggregate-type' | 'unknown-command' | 'aggregate-not-found';

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

/** An append lost a race: the stream is no longer at the expected version. */
export class ConcurrencyError extends ApplicationError {
  override readonly name = 'ConcurrencyError';
  readonly status = 409;
  readonly code = 'concurrency-conflict';
  constructor(
    message: string,
    readonly currentVersion?: number,
  ) {
    super(message, currentVersion === undefined ? {} : { currentVersion });
  }
}

/** The client's `If-Match` version is not the stream's version. */
export class VersionMismatchError extends ApplicationError {
  override readonly name = 'VersionMismatchError';
  readonly status = 412;
  readonly code = 'version-mismatch';
  constructor(
    message: string,
    readonly currentVersion: number,
  ) {
    super(message, { currentVersion });
  }
}

export class PayloadTooLargeError extends ApplicationError {
  override readonly name = 'PayloadTooLargeError';
  readonly status = 413;
  readonly code = 'payload-too-large';
}

export class UnsupportedMediaTypeError extends ApplicationError {
  override readonly name = 'UnsupportedMediaTypeError';
  readonly status = 415;
  readonly code = 'unsupported-media-type';
}

/** A dependency (store, bus) is unreachable; nothing was half-written and the request can be retried. */
export class StoreUnavailableError extends ApplicationError {
  override readonly name = 'StoreUnavailableError';
  readonly status = 503;
  readonly code = 'store-unavailable';
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
export class UnreadableStreamError extends ApplicationError {
  override readonly name = 'UnreadableStreamError';
  readonly status = 500;
  readonly code = 'unreadable-event';

  readonly stream: { aggregateType: string; aggregateId: string };

  constructor(
    stream: { aggregateType: string; aggregateId: string },
    readonly version: number,
    reason: string,
    eventType?: string,
  ) {
    super(
      `Stream ${stream.aggregateType}/${stream.aggregateId} cannot be loaded: the event at version ${version} ${reason}.`,
      {
        aggregateType: stream.aggregateType,
        aggregateId: stream.aggregateId,
        version,
        ...(eventType === undefined ? {} : { eventType }),
      },
    );
    this.stream = { aggregateType: stream.aggregateType, aggregateId: stream.aggregateId };
  }
}

/** Configuration that cannot work: raised at start-up, naming the setting or entry at fault. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

export function isConcurrencyError(error: unknown): error is ConcurrencyError {
  return error instanceof ConcurrencyError;
}

/** An Idempotency-Key already used on this aggregate for a different command or payload. */
export class IdempotencyKeyReusedError extends ApplicationError {
  override readonly name = 'IdempotencyKeyReusedError';
  readonly status = 422;
  readonly code = 'idempotency-key-reused';
}

/** The route exists but not for this method; `allowed` becomes the `Allow` header. */
export class MethodNotAllowedError extends ApplicationError {
  override readonly name = 'MethodNotAllowedError';
  readonly status = 405;
  readonly code = 'method-not-allowed';
  constructor(
    message: string,
    readonly allowed: readonly string[],
  ) {
    super(message, { allowed });
  }
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
