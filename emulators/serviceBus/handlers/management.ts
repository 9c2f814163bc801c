// `$management` requests on a queue, topic or subscription: dispatches each operation the SDK sends (messages,
// sessions, rules) to its handler and shapes the reply (camelCase `statusCode`, `statusDescription`, and
// `errorCondition` on failure). Anything else answers 501 `amqp:not-implemented`.
import type { Message } from 'rhea';
import type { BrokerError } from '../errors.js';
import * as errors from '../errors.js';
import type { ManagementTarget, Namespace } from '../model/namespace.js';
import * as messages from './managementMessages.js';
import * as rules from './managementRules.js';
import * as sessions from './managementSessions.js';

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

type Handler = (request: ManagementRequest) => ManagementReply;

const handlers: Record<string, Handler> = {
  'com.microsoft:renew-lock': messages.renewLocks,
  'com.microsoft:update-disposition': messages.updateDisposition,
  'com.microsoft:peek-message': messages.peek,
  'com.microsoft:schedule-message': messages.schedule,
  'com.microsoft:cancel-scheduled-message': messages.cancelScheduled,
  'com.microsoft:receive-by-sequence-number': messages.receiveBySequenceNumber,
  'com.microsoft:renew-session-lock': sessions.renewSessionLock,
  'com.microsoft:get-session-state': sessions.getSessionState,
  'com.microsoft:set-session-state': sessions.setSessionState,
  'com.microsoft:add-rule': rules.addRule,
  'com.microsoft:remove-rule': rules.removeRule,
  'com.microsoft:enumerate-rules': rules.enumerateRules,
};

export function handleManagementRequest(
  namespace: Namespace,
  target: ManagementTarget,
  request: Message,
): ManagementReply {
  const operation = String(request.application_properties?.operation ?? '');
  const handler = handlers[operation];
  if (!handler) return failure(errors.managementOperationNotImplemented(operation));
  const body = (request.body ?? {}) as Record<string, unknown>;
  return handler({ target, namespace, body });
}

/** rhea decodes an AMQP long as a number, or as 8 big-endian bytes when it is too large for one. */
export const longValue = (value: unknown): number => {
  if (Buffer.isBuffer(value)) return Number(value.readBigInt64BE(0));
  return typeof value === 'number' ? value : 0;
};

export const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;
