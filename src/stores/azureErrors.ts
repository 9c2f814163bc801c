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

/** Rethrows unreachable-store failures as StoreUnavailableError (503) naming the store; others unchanged. */
export function mapUnavailable(storeName: string, error: unknown): never {
  if (error instanceof StoreUnavailableError) throw error;
  if (isUnavailable(error)) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new StoreUnavailableError(`The ${storeName} event store is unavailable: ${detail}`, 5, {
      cause: error,
    });
  }
  throw error;
}

/**
 * SDK retry settings for the stores: fail over to a 503 in about a second instead of half a minute. The
 * Tables SDK counts retries (`maxRetries`); the Blob and File SDKs count tries (`maxTries`).
 */
export const STORE_RETRY_OPTIONS = { maxRetries: 2, retryDelayInMs: 100, maxRetryDelayInMs: 800 };
export const STORAGE_RETRY_OPTIONS = { maxTries: 3, retryDelayInMs: 100, maxRetryDelayInMs: 800 };
