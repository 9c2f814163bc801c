// `$management` operations on messages: lock renewal (`renewMessageLock`, `subscribe()` auto-renew),
// settlement after the receiving link closed or of deferred messages, peek (with `omit-message-body` and a
// session's `session-id`), scheduling and its cancellation, and receiving deferred messages by sequence number.
import type { Message } from 'rhea';
import rhea from 'rhea';
import { encodeDelivery, lockTokenFromUuid } from '../codec.js';
import * as errors from '../errors.js';
import type { MessageQueue, Settlement } from '../model/messageQueue.js';
import { schedule as scheduleMessages } from '../model/publishing.js';
import {
  failure,
  longValue,
  type ManagementReply,
  type ManagementRequest,
  noContent,
  ok,
  optionalString,
} from './managementReplies.js';

/** The operation needs a queue or subscription (not a topic) to work on. */
const onQueue =
  (handler: (queue: MessageQueue, request: ManagementRequest) => ManagementReply) =>
  (request: ManagementRequest): ManagementReply => {
    const queue = request.target.queue;
    if (!queue) return failure(errors.managementOperationNotImplemented('this operation on a topic'));
    return handler(queue, request);
  };

export const renewLocks = onQueue((queue, { body }) => {
  const expirations: Date[] = [];
  for (const token of lockTokens(body)) {
    const renewed = queue.renewLock(token);
    if (!(renewed instanceof Date)) return failure(renewed);
    expirations.push(renewed);
  }
  return ok({ expirations });
});

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
  defered: (body) => ({ kind: 'defer', properties: propertiesToModify(body) }),
};

export const updateDisposition = onQueue((queue, { body }) => {
  const settlement = dispositions[String(body['disposition-status'])];
  if (!settlement) return failure(errors.unknownDisposition());
  for (const token of lockTokens(body)) {
    const error = queue.settle(token, settlement(body));
    if (error) return failure(error);
  }
  return ok({});
});

/** Peek shows active, locked and deferred messages, and a queue's scheduled ones (not a subscription's). */
export const peek = onQueue((queue, { body, target }) => {
  const from = longValue(body['from-sequence-number']);
  const count = Number(body['message-count'] ?? 1);
  const sessionId = optionalString(body['session-id']);
  const omitBody = body['omit-message-body'] === true;
  const scheduled =
    target.entity.kind === 'queue' && queue === target.entity.queue && sessionId === undefined
      ? target.entity.scheduler.peek(from, count)
      : [];
  const peeked = [...queue.peek(from, count, sessionId), ...scheduled]
    .sort((a, b) => a.sequenceNumber - b.sequenceNumber)
    .slice(0, count);
  if (peeked.length === 0) return noContent();
  return ok({
    messages: peeked.map((received) => ({ message: encodeDelivery(received.message, received, omitBody) })),
  });
});

export const schedule = ({ target, body }: ManagementRequest): ManagementReply => {
  if (target.subscription)
    return failure(errors.managementOperationNotImplemented('scheduling to a subscription'));
  const entries = Array.isArray(body.messages) ? (body.messages as Record<string, unknown>[]) : [];
  const decoded = entries.map((entry) => rhea.message.decode(entry.message as Buffer) as unknown as Message);
  const sequenceNumbers = scheduleMessages(target.entity, decoded, new Date());
  if (!Array.isArray(sequenceNumbers)) return failure(sequenceNumbers);
  return ok({ 'sequence-numbers': rhea.types.wrap_array(sequenceNumbers.map(longBytes), 0x81, undefined) });
};

export const cancelScheduled = ({ target, body }: ManagementRequest): ManagementReply => {
  for (const sequenceNumber of sequenceNumbersOf(body)) target.entity.scheduler.cancel(sequenceNumber);
  return ok({});
};

export const receiveBySequenceNumber = onQueue((queue, { body }) => {
  const mode = body['receiver-settle-mode'] === 0 ? 'receiveAndDelete' : 'peekLock';
  const received = queue.receiveDeferred(sequenceNumbersOf(body), mode, optionalString(body['session-id']));
  if (!Array.isArray(received)) return failure(received);
  return ok({
    messages: received.map((message) => ({
      message: encodeDelivery(message.message, message),
      ...(message.lockToken
        ? { 'lock-token': rhea.types.wrap_uuid(rhea.string_to_uuid(message.lockToken)) }
        : {}),
    })),
  });
});

const lockTokens = (body: Record<string, unknown>): string[] => {
  const tokens = body['lock-tokens'];
  return Array.isArray(tokens) ? tokens.filter(Buffer.isBuffer).map(lockTokenFromUuid) : [];
};

const sequenceNumbersOf = (body: Record<string, unknown>): number[] => {
  const values = body['sequence-numbers'];
  return Array.isArray(values) ? values.map(longValue) : [];
};

const longBytes = (value: number): Buffer => {
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64BE(BigInt(value));
  return bytes;
};

const propertiesToModify = (body: Record<string, unknown>): Record<string, unknown> | undefined => {
  const properties = body['properties-to-modify'];
  return properties && typeof properties === 'object' ? (properties as Record<string, unknown>) : undefined;
};
