// What the local host refuses before a function runs, the way the Functions host does: bodies over
// FUNCTIONS_REQUEST_BODY_SIZE_LIMIT (refused while streaming, so memory stays bounded) and requests Node's
// HTTP parser cannot read (oversized headers, malformed syntax). Each refusal is problem+json.
import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { ConfigurationError } from '../errors.js';
import { problem } from '../http/problem.js';

/** The Functions host's own default when the app setting is absent: 100 MB. */
export const DEFAULT_REQUEST_BODY_LIMIT = 104_857_600;

export function requestBodyLimit(env: Record<string, string | undefined>): number {
  const value = env.FUNCTIONS_REQUEST_BODY_SIZE_LIMIT?.trim();
  if (!value) return DEFAULT_REQUEST_BODY_LIMIT;
  const bytes = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(bytes) || bytes < 1) {
    throw new ConfigurationError(
      `FUNCTIONS_REQUEST_BODY_SIZE_LIMIT must be a positive whole number of bytes (got ${JSON.stringify(value)}).`,
    );
  }
  return bytes;
}

/** True when the request declares a body longer than `limit`: refuse it before reading a byte. */
export function declaresMoreThan(headers: { 'content-length'?: string }, limit: number): boolean {
  return Number(headers['content-length'] ?? 0) > limit;
}

export function bodyTooLarge(limit: number) {
  return problem(413, 'payload-too-large', `The request body is over the limit of ${limit} bytes.`);
}

/**
 * The whole body, or undefined as soon as more than `limit` bytes have arrived: reading stops there (the
 * request is paused and nothing more is kept), so a huge or endless body costs at most `limit` bytes.
 */
export function readBodyWithin(request: NodeJS.ReadableStream, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (settle: () => void) => {
      request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      settle();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      request.pause();
      finish(() => resolve(undefined));
    };
    const onEnd = () => finish(() => resolve(Buffer.concat(chunks)));
    const onError = (error: Error) => finish(() => reject(error));
    const onClose = () =>
      finish(() => reject(new Error('The client closed the request before its body ended.')));
    request.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** How long, and for how many more bytes, a refused upload is read and dropped before its connection closes. */
const LINGER_IN_MS = 5_000;
const LINGER_BYTES = 16 * 1024 * 1024;

/**
 * Closes the connection of a refused body as RFC 9112 §9.6 advises: once the answer is sent, close our side
 * and, for a short while, read and drop (never keep) what the client is still sending, then close. Closing
 * at once resets the connection under a client still uploading, and clients then report the reset instead
 * of the 413 (Node's fetch and http did so in about half of the tries).
 */
export function closeWhenAnswered(request: IncomingMessage): void {
  const socket = request.socket;
  // Node ends a `Connection: close` response's connection through destroySoon() once the answer is written.
  socket.destroySoon = () => {
    socket.end();
    const timer = setTimeout(() => socket.destroy(), LINGER_IN_MS).unref();
    socket.once('close', () => clearTimeout(timer));
    let dropped = 0;
    request.on('data', (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > LINGER_BYTES) socket.destroy();
    });
    request.resume();
  };
}

const PARSE_ERRORS: Record<string, [status: number, code: string, detail: string]> = {
  HPE_HEADER_OVERFLOW: [431, 'request-header-fields-too-large', 'The request headers are too large.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request-timeout', 'The request did not arrive in time.'],
};

/**
 * Node's `clientError`: the request could not be parsed, so there is no request or response object and the
 * answer is written to the socket by hand, then the connection is closed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // As Node's own handler does: never write into a response already under way on this socket.
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight) {
    socket.destroy();
    return;
  }
  const [status, code, detail] = PARSE_ERRORS[error.code ?? ''] ?? [
    400,
    'bad-request',
    'The request is not valid HTTP/1.1.',
  ];
  const body = JSON.stringify(problem(status, code, detail));
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
  socket.once('finish', () => socket.destroy());
}
