// Serves one SDK receiver link: sends messages (of its session, for a session receiver) while the SDK grants
// credit, answers drain requests, and turns the SDK's settlements into complete / abandon / dead-letter /
// defer on the queue, answering each only once it is recorded.
import type { Delivery, EventContext, Sender } from 'rhea';
import {
  acceptedOutcome,
  type DeliveryOutcome,
  deliveryTagFor,
  encodeDelivery,
  lockTokenFromTag,
  modifiedOutcome,
  rejectedOutcome,
  releasedOutcome,
} from '../codec.js';
import * as errors from '../errors.js';
import type { Journal } from '../model/journal.js';
import type { MessageQueue, ReceiveMode, Settlement } from '../model/messageQueue.js';
import type { SessionOwner } from '../model/sessions.js';

const deadLetterCondition = 'com.microsoft:dead-letter';

export interface ReceiverSession {
  sessionKey: string;
  owner: SessionOwner;
}

/** Starts serving; returns the function that stops it (on detach or disconnect). */
export function serveReceiverLink(
  sender: Sender,
  queue: MessageQueue,
  journal: Journal,
  session?: ReceiverSession,
): () => void {
  const sessionKey = session?.sessionKey ?? '';
  // The SDK asks for settled deliveries in receive-and-delete mode and unsettled ones in peek-lock.
  const mode: ReceiveMode = sender.snd_settle_mode === 1 ? 'receiveAndDelete' : 'peekLock';
  const unwritten = unwrittenDeliveries(sender);

  const pump = (): void => {
    while (sender.is_open() && sender.sendable() && creditOf(sender) > unwritten.count()) {
      const received = queue.receive(mode, sessionKey);
      if (!received) return;
      const tag = received.lockToken === undefined ? undefined : deliveryTagFor(received.lockToken);
      unwritten.add(sender.send(encodeDelivery(received.message, received), tag, 0));
    }
  };

  sender.on('sendable', pump);
  // `receiveMessages` ends with a drain: unless answered, each call waits out the SDK's drain timeout.
  sender.on('sender_draining', () => {
    pump();
    if (creditOf(sender) > unwritten.count()) sender.set_drained(true);
  });

  const settleWith = (settlement: (state: DeliveryOutcome) => Settlement, reply: DeliveryOutcome) => {
    return (context: EventContext) => {
      const delivery = context.delivery;
      if (!delivery || mode === 'receiveAndDelete') return;
      const error = queue.settle(
        lockTokenFromTag(delivery.tag),
        settlement(delivery.remote_state ?? {}),
        session?.owner,
      );
      if (error) acknowledge(delivery, rejectedOutcome(error));
      else {
        void journal.durable().then(
          () => acknowledge(delivery, reply),
          (cause: unknown) => acknowledge(delivery, rejectedOutcome(errors.notRecorded(cause))),
        );
      }
    };
  };
  sender.on('accepted', settleWith(complete, acceptedOutcome()));
  sender.on('released', settleWith(release, releasedOutcome()));
  sender.on('modified', settleWith(fromModified, modifiedOutcome({ undeliverable_here: false })));
  // A plain `rejected` answers a dead-letter: echoing the error back would make the SDK throw.
  sender.on('rejected', settleWith(fromRejected, rejectedOutcome()));

  return queue.addConsumer({ sessionKey, pump });
}

const complete = (): Settlement => ({ kind: 'complete' });

// A plain release gives the message back without counting a failed attempt.
const release = (): Settlement => ({ kind: 'abandon', failed: false });

const fromModified = (state: DeliveryOutcome): Settlement => {
  if (state.undeliverable_here === true) {
    return { kind: 'defer', properties: state.message_annotations as Record<string, unknown> | undefined };
  }
  return {
    kind: 'abandon',
    failed: true,
    properties: state.message_annotations as Record<string, unknown> | undefined,
  };
};

const fromRejected = (state: DeliveryOutcome): Settlement => {
  const error = state.error as { condition?: string; info?: Record<string, unknown> } | undefined;
  const { DeadLetterReason, DeadLetterErrorDescription, ...properties } = error?.info ?? {};
  // Any other rejection means the receiver could not handle the message at all: dead-letter it too.
  const reason =
    error?.condition === deadLetterCondition ? DeadLetterReason : (error?.condition ?? 'Rejected');
  return {
    kind: 'deadLetter',
    reason: typeof reason === 'string' ? reason : undefined,
    description: typeof DeadLetterErrorDescription === 'string' ? DeadLetterErrorDescription : undefined,
    properties,
  };
};

/** Answers a settlement with a settled disposition and lets rhea forget the delivery. */
const acknowledge = (delivery: Delivery, outcome: DeliveryOutcome): void => {
  // The link may have gone while the settlement was being recorded; the record stands.
  if (!delivery.link.is_open()) return;
  delivery.update(true, outcome);
  // In peek-lock the SDK never settles its side; unless marked, rhea keeps every delivery and
  // stops sending once 2048 are outstanding.
  (delivery as { remote_settled: boolean }).remote_settled = true;
};

// rhea keeps a sending link's credit as a plain field its typings leave out.
const creditOf = (sender: Sender): number => (sender as unknown as { credit: number }).credit;

/**
 * rhea spends a link's credit only when it writes the transfer, on the next tick; counting what
 * is queued but unwritten keeps a pump from sending more than the SDK asked for.
 */
const unwrittenDeliveries = (sender: Sender) => {
  const outgoing = (sender.session as unknown as { outgoing: { next_pending_delivery: number } }).outgoing;
  const ids: number[] = [];
  return {
    add: (delivery: Delivery) => ids.push(delivery.id),
    count: (): number => {
      while (ids.length > 0 && (ids[0] ?? 0) < outgoing.next_pending_delivery) ids.shift();
      return ids.length;
    },
  };
};
