// `$management` operations on sessions: renewing a session's lock and reading or writing its state. Each needs
// the session to be locked, as Service Bus does: only the session's receiver may touch it.
import * as errors from '../errors.js';
import {
  failure,
  type ManagementReply,
  type ManagementRequest,
  ok,
  optionalString,
} from './managementReplies.js';

const withLockedSession =
  (handler: (request: ManagementRequest, sessionId: string) => ManagementReply) =>
  (request: ManagementRequest): ManagementReply => {
    const sessionId = optionalString(request.body['session-id']);
    const queue = request.target.queue;
    if (!queue?.settings.requiresSession) {
      return failure(errors.sessionMismatch(request.target.entity.name, false));
    }
    if (sessionId === undefined || !queue.sessions.isLocked(sessionId)) {
      return failure(errors.sessionLockLost(sessionId ?? ''));
    }
    return handler(request, sessionId);
  };

export const renewSessionLock = withLockedSession(({ target }, sessionId) =>
  ok({ expiration: target.queue?.sessions.renew(sessionId) }),
);

export const getSessionState = withLockedSession(({ target }, sessionId) =>
  ok({ 'session-state': target.queue?.sessions.state(sessionId) ?? null }),
);

export const setSessionState = withLockedSession(({ target, body }, sessionId) => {
  const state = body['session-state'];
  target.queue?.sessions.setState(sessionId, Buffer.isBuffer(state) ? state : undefined);
  return ok({});
});
