// Recognising Azure SDK failures the way the Azure SDK guidelines advise: by `name === 'RestError'`,
// `statusCode` and the service's error code, never by `instanceof` across package boundaries.
import { StoreUnavailableError } from '../errors.js';

export interface RestErrorLike {
  name: 'RestError';
  statusCode?: number;
  code?: string;
  message: string;
}

export function isRestError(error: unknown, statusCode?: number, code?: string): error is RestErrorLike {
  if (typeof error !== 'object' || error === null || (error as { name?: unknown }).name !== 'RestError')
    return false;
  const rest = error as RestErrorLike;
  return (
    (statusCode === undefined || rest.statusCode === statusCode) && (code === undefined || rest.code === code)
  );
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** True when the store could not be reached or answered with a server error, so nothing can be assumed written. */
export function isUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, statusCode, name } = error as { code?: unknown; statusCode?: unknown; name?: unknown };
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  if (name === 'AbortError' || name === 'TimeoutError') return true;
  return typeof statusCode === 'number' && (statusCode >= 500 || statusCode === 429);
}

/**
 * Rethrows unreachable-store failures as StoreUnavailableError (503) naming the store; others unchanged. The
 * message says what failed without the endpoint (answers, even the anonymous health route, must not show
 * internal addresses); the SDK error stays the `cause`, which is what gets logged.
 */
export function mapUnavailable(storeName: string, error: unknown): never {
  if (error instanceof StoreUnavailableError) throw error;
  if (isUnavailable(error)) {
    throw new StoreUnavailableError(
      `The ${storeName} event store is unavailable (${describeUnavailable(error)}).`,
      5,
      { cause: error },
    );
  }
  throw error;
}

/** A read's failure: nothing there (404) reads as `empty`, an unreachable store is 503, anything else rethrown. */
export function emptyWhenMissing<T>(storeName: string, error: unknown, empty: T): T {
  if (isRestError(error, 404)) return empty;
  return mapUnavailable(storeName, error);
}

/**
 * Every adapter's health check: the probe (one cheap request) answering, or answering 404 (nothing created
 * yet: the store is reachable), is healthy; any other failure is StoreUnavailableError saying what failed.
 */
export async function probeHealth(storeName: string, probe: () => Promise<unknown>): Promise<void> {
  try {
    await probe();
  } catch (error) {
    if (isRestError(error, 404)) return;
    throw new StoreUnavailableError(
      `The ${storeName} event store is unavailable (${describeUnavailable(error)}).`,
      5,
      { cause: error },
    );
  }
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
};

/** Why a dependency failed, in a few words and never with its address: "connection refused", "status 503". */
export function describeUnavailable(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'unreachable';
  const { code, statusCode, name } = error as { code?: unknown; statusCode?: unknown; name?: unknown };
  if (typeof code === 'string' && NETWORK_REASONS[code]) return NETWORK_REASONS[code];
  if (name === 'AbortError' || name === 'TimeoutError') return 'no answer in time';
  if (statusCode === 429) return 'throttled, status 429';
  if (typeof statusCode === 'number' && statusCode >= 500) return `status ${statusCode}`;
  // A service's own error code (e.g. AuthorizationPermissionMismatch) names the failure without an address.
  if (typeof code === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(code)) return code;
  return 'unreachable';
}

/**
 * SDK retry settings for the stores: fail over to a 503 in about a second instead of half a minute. The
 * Tables SDK counts retries (`maxRetries`); the Blob and File SDKs count tries (`maxTries`).
 */
export const STORE_RETRY_OPTIONS = { maxRetries: 2, retryDelayInMs: 100, maxRetryDelayInMs: 800 };
export const STORAGE_RETRY_OPTIONS = { maxTries: 3, retryDelayInMs: 100, maxRetryDelayInMs: 800 };
