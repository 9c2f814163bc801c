// `$management` operations on a queue or subscription: the ones the SDK uses for lock renewal
// (`subscribe()` auto-renew, `renewMessageLock`), settling messages whose link has closed, and
// peeking. Anything else answers 501 `amqp:not-implemented`.
import type { Message } from 'rhea';
import { encodeDelivery, lockTokenFromUuid } from '../codec.js';
import type { BrokerError } from '../errors.js';
import * as errors from '../errors.js';
import type { MessageQueue, Settlement } from '../model/messageQueue.js';

export interface ManagementReply {
  statusCode: number;
  statusDescription: string;
  errorCondition?: string;
  body?: unknown;
}

const ok = (body?: unknown): ManagementReply => ({ statusCode: 200, statusDescription: 'OK', body });

const failure = (statusCode: number, error: BrokerError): ManagementReply => ({
  statusCode,
  statusDescription: error.description,
  errorCondition: error.condition,
});

const statusOf: Record<string, number> = {
  'com.microsoft:message-lock-lost': 410,
  'amqp:not-implemented': 501,
  'amqp:not-allowed': 400,
};

/** `queue` is undefined for a topic's `$management`, where no operation applies. */
export function handleManagementRequest(queue: MessageQueue | undefined, request: Message): ManagementReply {
  const operation = String(request.application_properties?.operation ?? '');
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (queue) {
    switch (operation) {
      case 'com.microsoft:renew-lock':
        return renewLocks(queue, lockTokens(body));
      case 'com.microsoft:update-disposition':
        return updateDisposition(queue, lockTokens(body), body);
      case 'com.microsoft:peek-message':
        return peek(queue, body);
    }
  }
  return failure(501, errors.managementOperationNotImplemented(operation));
}

const lockTokens = (body: Record<string, unknown>): string[] => {
  const tokens = body['lock-tokens'];
  return Array.isArray(tokens) ? tokens.filter(Buffer.isBuffer).map(lockTokenFromUuid) : [];
};

const renewLocks = (queue: MessageQueue, tokens: string[]): ManagementReply => {
  const expirations: Date[] = [];
  for (const token of tokens) {
    const renewed = queue.renewLock(token);
    if (!(renewed instanceof Date)) return failure(410, renewed);
    expirations.push(renewed);
  }
  return ok({ expirations });
};

const dispositions: Record<string, (body: Record<string, unknown>) => Settlement> = {
  completed: () => ({ kind: 'complete' }),
  abandoned: (body) => ({ kind: 'abandon', failed: true, properties: propertiesToModify(body) }),
  suspended: (body) => ({
    kind: 'deadLetter',
    reason: optionalString(body['deadletter-reason']),
    description: optionalString(body['deadletter-description']),
    properties: propertiesToModify(body),
  }),
  // Spelled this way on the wire.
  defered: () => ({ kind: 'defer' }),
};

const updateDisposition = (queue: MessageQueue, tokens: string[], body: Record<string, unknown>) => {
  const settlement = dispositions[String(body['disposition-status'])];
  if (!settlement) {
    return failure(400, errors.unknownDisposition());
  }
  for (const token of tokens) {
    const error = queue.settle(token, settlement(body));
    if (error) return failure(statusOf[error.condition] ?? 400, error);
  }
  return ok({});
};

const peek = (queue: MessageQueue, body: Record<string, unknown>): ManagementReply => {
  const from = sequenceNumber(body['from-sequence-number']);
  const count = Number(body['message-count'] ?? 1);
  const peeked = queue.peek(from, count);
  // 204 is how Service Bus says "nothing to peek"; the SDK turns it into an empty array.
  if (peeked.length === 0) return { statusCode: 204, statusDescription: 'No Content' };
  return ok({
    messages: peeked.map((received) => ({ message: encodeDelivery(received.message, received) })),
  });
};

/** rhea decodes an AMQP long as a number, or as 8 big-endian bytes when it is too large for one. */
const sequenceNumber = (value: unknown): number => {
  if (Buffer.isBuffer(value)) return Number(value.readBigInt64BE(0));
  return typeof value === 'number' ? value : 0;
};

const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

const propertiesToModify = (body: Record<string, unknown>): Record<string, unknown> | undefined => {
  const properties = body['properties-to-modify'];
  return properties && typeof properties === 'object' ? (properties as Record<string, unknown>) : undefined;
};
