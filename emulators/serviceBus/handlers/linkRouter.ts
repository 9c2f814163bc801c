// Connection and link handling: gives each link the SDK attaches what serves it — CBS auth,
// `$management`, a sender to a queue or topic, a receiver (plain or session) from a queue, subscription or
// dead-letter queue — and refuses unknown entities with `amqp:not-found`, which the SDK reports as
// `MessagingEntityNotFound`. Sends and management requests are answered once recorded in the journal.
import type { Connection, Container, Delivery, EventContext, link, Message, Receiver, Sender } from 'rhea';
import { acceptedOutcome, decodeTransfer, rejectedOutcome } from '../codec.js';
import * as errors from '../errors.js';
import type { Namespace } from '../model/namespace.js';
import { publish } from '../model/publishing.js';
import { handleManagementRequest } from './management.js';
import { serveReceiverLink } from './receiverLink.js';
import { asksForSession, serveSessionReceiverLink } from './sessionReceiverLink.js';

const cbsAddress = '$cbs';
const managementSuffix = '/$management';
const maxMessageSizeInBytes = 256 * 1024;

export function routeLinks(container: Container, namespace: Namespace): void {
  const stopOnDisconnect = new WeakMap<Connection, Set<() => void>>();

  // The SDK's senders are receivers here, and its receivers are senders.
  container.on('receiver_open', (context: EventContext) => {
    if (context.receiver) openIncomingLink(context.receiver, namespace);
  });
  container.on('sender_open', (context: EventContext) => {
    const sender = context.sender;
    const stop = sender && openOutgoingLink(sender, namespace);
    if (!sender || !stop) return;
    sender.on('sender_close', stop);
    const stops = stopOnDisconnect.get(sender.connection) ?? new Set();
    stops.add(stop);
    stopOnDisconnect.set(sender.connection, stops);
  });
  container.on('disconnected', (context: EventContext) => {
    for (const stop of stopOnDisconnect.get(context.connection) ?? []) stop();
    stopOnDisconnect.delete(context.connection);
  });
  // Unhandled link and connection errors would otherwise be thrown from rhea's 'error' event.
  container.on('error', () => {});
}

function openIncomingLink(receiver: Receiver, namespace: Namespace): void {
  answerAttach(receiver);
  const address = receiver.target?.address ?? '';
  if (address === cbsAddress) {
    receiver.on('message', (context: EventContext) => answerRequest(context, cbsReply(context.message)));
  } else if (address.endsWith(managementSuffix)) {
    serveManagementRequests(receiver, namespace, address.slice(0, -managementSuffix.length));
  } else {
    servePublisher(receiver, namespace, address);
  }
}

function serveManagementRequests(receiver: Receiver, namespace: Namespace, entity: string): void {
  if (!namespace.managementTarget(entity)) {
    refuse(receiver, entity);
    return;
  }
  receiver.on('message', (context: EventContext) => {
    if (!context.message) return;
    // Looked up per request: the administration API may have deleted or recreated the entity.
    const target = namespace.managementTarget(entity);
    const reply = target
      ? handleManagementRequest(namespace, target, context.message)
      : {
          statusCode: 404,
          statusDescription: errors.entityNotFound(entity).description,
          errorCondition: 'amqp:not-found',
        };
    const { body, errorCondition, ...status } = reply;
    void namespace.journal.durable().then(
      () => answerRequest(context, errorCondition ? { ...status, errorCondition } : status, body),
      (cause: unknown) => {
        const { condition, description } = errors.notRecorded(cause);
        answerRequest(context, {
          statusCode: 500,
          statusDescription: description,
          errorCondition: condition,
        });
      },
    );
  });
}

function servePublisher(receiver: Receiver, namespace: Namespace, address: string): void {
  if (!namespace.publisher(address)) {
    refuse(receiver, address);
    return;
  }
  receiver.on('message', (context: EventContext) => {
    const { delivery, message } = context;
    if (!delivery || !message) return;
    const entity = namespace.publisher(address);
    if (!entity) return settle(delivery, rejectedOutcome(errors.entityNotFound(address)));
    let messages: Message[];
    try {
      // rhea decodes standard transfers; batches (another message format) arrive as raw bytes.
      messages = decodeTransfer(message as Message | Buffer, delivery.format);
    } catch (error) {
      return settle(delivery, rejectedOutcome(errors.undecodableTransfer(error)));
    }
    const refused = publish(entity, messages);
    if (refused) return settle(delivery, rejectedOutcome(refused));
    void namespace.journal.durable().then(
      () => settle(delivery, acceptedOutcome()),
      (cause: unknown) => settle(delivery, rejectedOutcome(errors.notRecorded(cause))),
    );
  });
}

/** Returns the function that stops serving the link, if it delivers messages. */
function openOutgoingLink(sender: Sender, namespace: Namespace): (() => void) | undefined {
  answerAttach(sender);
  const address = sender.source?.address ?? '';
  // Reply links for CBS and `$management`: requests name them in `reply_to`.
  if (address === cbsAddress) return undefined;
  if (address.endsWith(managementSuffix)) {
    const entity = address.slice(0, -managementSuffix.length);
    if (!namespace.managementTarget(entity)) refuse(sender, entity);
    return undefined;
  }
  const queue = namespace.queue(address);
  if (!queue) {
    refuse(sender, address);
    return undefined;
  }
  const sessionful = asksForSession(sender);
  if (sessionful !== queue.settings.requiresSession) {
    sender.close(errors.sessionMismatch(address, queue.settings.requiresSession));
    return undefined;
  }
  if (sessionful) return serveSessionReceiverLink(sender, queue, namespace.journal);
  return serveReceiverLink(sender, queue, namespace.journal);
}

/**
 * Mirrors the peer's addresses and settle modes, as a broker accepting the link does, and states
 * the Standard tier's message size limit, which the SDK needs to size a message batch.
 */
function answerAttach(endpoint: link): void {
  const local = (endpoint as unknown as { local: { attach: Record<string, unknown> } }).local.attach;
  local.snd_settle_mode = endpoint.snd_settle_mode;
  local.rcv_settle_mode = endpoint.rcv_settle_mode;
  local.max_message_size = maxMessageSizeInBytes;
  endpoint.set_source({ address: endpoint.source?.address ?? '' });
  endpoint.set_target({ address: endpoint.target?.address ?? '' });
}

function refuse(endpoint: link, entity: string): void {
  endpoint.close(errors.entityNotFound(entity));
}

// CBS tokens are accepted unchecked: the emulator is for one machine.
const cbsReply = (request: Message | undefined): Record<string, unknown> =>
  request?.application_properties?.operation === 'put-token'
    ? { 'status-code': 202, 'status-description': 'Accepted' }
    : { 'status-code': 501, 'status-description': 'Only put-token is implemented.' };

/** Replies on the link the request names in `reply_to`, correlated by its `message_id`. */
function answerRequest(context: EventContext, properties: Record<string, unknown>, body?: unknown): void {
  const { delivery, message: request, connection } = context;
  if (delivery) settle(delivery, acceptedOutcome());
  if (!request?.reply_to) return;
  const replyTo = request.reply_to;
  // CBS reply links carry the reply address as their name; `$management` ones as their target.
  const replyLink = connection.find_sender(
    (candidate: Sender) => candidate.name === replyTo || candidate.target?.address === replyTo,
  );
  replyLink?.send({
    correlation_id: request.message_id,
    to: replyTo,
    application_properties: properties,
    body: body ?? {},
  });
}

const settle = (delivery: Delivery, outcome: ReturnType<typeof acceptedOutcome>): void => {
  // The link may have gone while the send was being recorded; it stands, unacknowledged.
  if (delivery.link.is_open()) delivery.update(true, outcome);
};
