// The shape of `$management` replies and requests, and the small readers the operation handlers share
// (camelCase `statusCode`, `statusDescription`, and `errorCondition` on failure, as the SDK reads them).
import type { BrokerError } from '../errors.js';
import type { ManagementTarget, Namespace } from '../model/namespace.js';

export interface ManagementReply {
  statusCode: number;
  statusDescription: string;
  errorCondition?: string;
  body?: unknown;
}

export interface ManagementRequest {
  target: ManagementTarget;
  namespace: Namespace;
  body: Record<string, unknown>;
}

export const ok = (body?: unknown): ManagementReply => ({ statusCode: 200, statusDescription: 'OK', body });

/** 204 is how Service Bus says "nothing there"; the SDK turns it into an empty result. */
export const noContent = (): ManagementReply => ({ statusCode: 204, statusDescription: 'No Content' });

const statusOf: Record<string, number> = {
  'com.microsoft:message-lock-lost': 410,
  'com.microsoft:session-lock-lost': 410,
  'com.microsoft:session-cannot-be-locked': 410,
  'com.microsoft:message-not-found': 404,
  'com.microsoft:entity-already-exists': 409,
  'amqp:not-found': 404,
  'amqp:not-implemented': 501,
  'amqp:not-allowed': 400,
};

export const failure = (error: BrokerError): ManagementReply => ({
  statusCode: statusOf[error.condition] ?? 400,
  statusDescription: error.description,
  errorCondition: error.condition,
});

/** rhea decodes an AMQP long as a number, or as 8 big-endian bytes when it is too large for one. */
export const longValue = (value: unknown): number => {
  if (Buffer.isBuffer(value)) return Number(value.readBigInt64BE(0));
  return typeof value === 'number' ? value : 0;
};

export const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;
