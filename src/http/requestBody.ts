// Reads a JSON request body: 415 unless it is JSON, 413 over the size limit, 400 when it does not parse.
import type { HttpRequest } from '@azure/functions';
import { InvalidJsonError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors.js';

export const MAX_BODY_BYTES = 1024 * 1024;

function isJsonMediaType(contentType: string): boolean {
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/** An empty body (e.g. for `close`) reads as `{}`. */
export async function readJsonBody(request: HttpRequest): Promise<unknown> {
  const declaredLength = Number(request.headers.get('content-length') ?? 0);
  if (declaredLength > MAX_BODY_BYTES) throw tooLarge(declaredLength);
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length > MAX_BODY_BYTES) throw tooLarge(bytes.length);
  if (bytes.length === 0) return {};
  const contentType = request.headers.get('content-type');
  if (!contentType || !isJsonMediaType(contentType)) {
    throw new UnsupportedMediaTypeError(
      `The body must be JSON: send it with Content-Type: application/json (got ${contentType ?? 'no Content-Type'}).`,
    );
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new InvalidJsonError(`The body is not valid JSON: ${(error as Error).message}`);
  }
}

function tooLarge(bytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(
    `The body is ${bytes} bytes; the limit is ${MAX_BODY_BYTES} bytes (1 MiB).`,
  );
}
