// The body of a Service Bus message as the Functions host hands it over (parsed already, or JSON as a string or
// bytes), and the error for one that cannot be what its queue or subscription carries. Shared by the read
// side's runner and rebuild steps and by the replay steps.

/** Not what the queue or subscription carries: retrying cannot help, so after the host's retries it lands in the dead-letter queue. */
export class InvalidMessageError extends Error {
  override readonly name = 'InvalidMessageError';
}

/** A body as the host hands it over: parsed already, or JSON as a string or bytes. */
export function parseJsonBody(body: unknown): unknown {
  try {
    if (typeof body === 'string') return JSON.parse(body);
    if (body instanceof Uint8Array) return JSON.parse(Buffer.from(body).toString('utf8'));
    return body;
  } catch (error) {
    throw new InvalidMessageError(`The message body is not JSON: ${(error as Error).message}`);
  }
}
