// A session receiver's link (`acceptSession`, `acceptNextSession`): the SDK asks for a session with the
// `com.microsoft:session-filter` source filter (a session id, or none for "the next available one"). The
// answer names the session in the same filter and its lock expiry in `com.microsoft:locked-until-utc` (.NET
// ticks); then the link delivers that session's messages in order while it holds the lock. Asking for the
// next session when none is free holds the attach until one is, or answers `com.microsoft:timeout` once the
// link's `com.microsoft:timeout` has passed, as Service Bus does.
import type { Sender } from 'rhea';
import rhea from 'rhea';
import * as errors from '../errors.js';
import type { Journal } from '../model/journal.js';
import type { MessageQueue } from '../model/messageQueue.js';
import type { SessionOwner } from '../model/sessions.js';
import { serveReceiverLink } from './receiverLink.js';

export const sessionFilterName = 'com.microsoft:session-filter';
const lockedUntilName = 'com.microsoft:locked-until-utc';
const longestWaitInMs = 60_000;
/** Answer a little before the SDK's own deadline for the attach, so it sees the service's answer. */
const answerAheadInMs = 1_000;

/** Whether the SDK's receiver link asks for a session (it always sends the filter then, maybe with null). */
export const asksForSession = (sender: Sender): boolean => {
  const filter = sender.source?.filter as Record<string, unknown> | undefined;
  return filter !== undefined && filter !== null && sessionFilterName in filter;
};

/** Starts serving; returns the function that stops it (on detach or disconnect). */
export function serveSessionReceiverLink(sender: Sender, queue: MessageQueue, journal: Journal): () => void {
  const filter = sender.source?.filter as Record<string, unknown>;
  const requested = filter[sessionFilterName];
  const requestedId = typeof requested === 'string' ? requested : undefined;
  let stopServing: (() => void) | undefined;
  let sessionId: string | undefined;
  const owner: SessionOwner = {
    lost: () => {
      stopServing?.();
      sender.close(errors.sessionLockLost(sessionId ?? ''));
    },
  };

  const tryAccept = (): boolean => {
    const accepted = queue.acceptSession(requestedId, owner);
    if (!accepted) return false;
    sessionId = accepted.sessionId;
    sender.set_source({ address: sender.source?.address ?? '', filter: { [sessionFilterName]: sessionId } });
    local(sender).properties = { [lockedUntilName]: rhea.types.wrap_long(ticksOf(accepted.lockedUntilUtc)) };
    stopServing = serveReceiverLink(sender, queue, journal, { sessionKey: sessionId, owner });
    return true;
  };

  if (tryAccept()) return stop();
  if (requestedId !== undefined) {
    // Attached without the session, then closed: the SDK reports SessionCannotBeLocked.
    sender.set_source({ address: sender.source?.address ?? '' });
    sender.close(errors.sessionCannotBeLocked(requestedId));
    return () => {};
  }
  holdAttach(sender);
  const stopWaiting = queue.waitForSession(() => {
    if (!sender.is_remote_open() || !tryAccept()) return false;
    clearTimeout(timer);
    sender.open();
    return true;
  });
  const timer = setTimeout(() => {
    stopWaiting();
    sender.set_source({ address: sender.source?.address ?? '' });
    sender.open();
    sender.close(errors.noSessionAvailable());
  }, waitInMs(sender)).unref();
  return () => {
    clearTimeout(timer);
    stopWaiting();
    stop()();
  };

  function stop(): () => void {
    return () => {
      stopServing?.();
      stopServing = undefined;
      if (sessionId !== undefined) queue.sessions.release(sessionId, owner);
    };
  }
}

const waitInMs = (sender: Sender): number => {
  const timeout = Number(
    (sender.properties as Record<string, unknown> | undefined)?.['com.microsoft:timeout'],
  );
  const wait = Number.isFinite(timeout) && timeout > 0 ? timeout - answerAheadInMs : longestWaitInMs;
  return Math.min(Math.max(wait, 0), longestWaitInMs);
};

// rhea writes a link's answer (its attach frame) after the handler that saw the peer's attach returns;
// taking back the "open" it recorded keeps the answer until sender.open() is called again.
const holdAttach = (sender: Sender): void => {
  const state = (sender as unknown as { state: { local_open: boolean; open_requests: number } }).state;
  state.local_open = false;
  state.open_requests = 0;
};

const local = (sender: Sender) =>
  (sender as unknown as { local: { attach: Record<string, unknown> } }).local.attach;

/** .NET ticks (100 ns since 0001-01-01) as the 8 big-endian bytes of an AMQP long. */
const ticksOf = (date: Date): Buffer => {
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64BE((BigInt(date.getTime()) + 62_135_596_800_000n) * 10_000n);
  return bytes;
};
