// `$management` requests on a queue, topic or subscription: dispatches each operation the SDK sends (messages,
// sessions, rules) to its handler and shapes the reply (camelCase `statusCode`, `statusDescription`, and
// `errorCondition` on failure). Anything else answers 501 `amqp:not-implemented`.
import type { Message } from 'rhea';
import * as errors from '../errors.js';
import type { ManagementTarget, Namespace } from '../model/namespace.js';
import * as messages from './managementMessages.js';
import { failure, type ManagementReply, type ManagementRequest } from './managementReplies.js';
import * as rules from './managementRules.js';
import * as sessions from './managementSessions.js';

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
