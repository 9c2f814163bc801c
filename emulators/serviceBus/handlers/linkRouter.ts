// Connection and link handling: gives each link the SDK attaches what serves it — CBS auth,
// `$management`, a sender to a queue or topic, a receiver from a queue, subscription or
// dead-letter queue — and refuses unknown entities with `amqp:not-found`, which the SDK reports
// as `MessagingEntityNotFound`.
import type { Connection, Container, Delivery, EventContext, link, Message, Receiver, Sender } from 'rhea';
import { acceptedOutcome, decodeTransfer, rejectedOutcome } from '../codec.js';
import * as errors from '../errors.js';
import type { Broker } from '../model/broker.js';
import { handleManagementRequest } from './management.js';
import { serveReceiverLink } from './receiverLink.js';

const cbsAddress = '$cbs';
const managementSuffix = '/$management';
const maxMessageSizeInBytes = 256 * 1024;

export function routeLinks(container: Container, broker: Broker): void {
  const stopOnDisconnect = new WeakMap<Connection, Set<() => void>>();

  // The SDK's senders are receivers here, and its receivers are senders.
  container.on('receiver_open', (context: EventContext) => {
    if (context.receiver) openIncomingLink(context.receiver, broker);
  });
  container.on('sender_open', (context: EventContext) => {
    const sender = context.sender;
    const stop = sender && openOutgoingLink(sender, broker);
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

function openIncomingLink(receiver: Receiver, broker: Broker): void {
  answerAttach(receiver);
  const address = receiver.target?.address ?? '';
  if (address === cbsAddress) {
    receiver.on('message', (context: EventContext) => answerRequest(context, cbsReply(context.message)));
  } else if (address.endsWith(managementSuffix)) {
    serveManagementRequests(receiver, broker, address.slice(0, -managementSuffix.length));
  } else {
    servePublisher(receiver, broker, address);
  }
}

function serveManagementRequests(receiver: Receiver, broker: Broker, entity: string): void {
  if (!broker.exists(entity)) {
    refuse(receiver, entity);
    return;
  }
  const queue = broker.queue(entity);
  receiver.on('message', (context: EventContext) => {
    if (!context.message) return;
    const { body, errorCondition, ...status } = handleManagementRequest(queue, context.message);
    answerRequest(context, errorCondition ? { ...status, errorCondition } : status, body);
  });
}

function servePublisher(receiver: Receiver, broker: Broker, address: string): void {
  const publisher = broker.publisher(address);
  if (!publisher) {
    refuse(receiver, address);
    return;
  }
  receiver.on('message', (context: EventContext) => {
    const { delivery, message } = context;
    if (!delivery || !message) return;
    try {
      // rhea decodes standard transfers; batches (another message format) arrive as raw bytes.
      publisher.publish(decodeTransfer(message as Message | Buffer, delivery.format));
      settle(delivery, acceptedOutcome());
    } catch (error) {
      settle(delivery, rejectedOutcome(errors.undecodableTransfer(error)));
    }
  });
}

/** Returns the function that stops serving the link, if it delivers messages. */
function openOutgoingLink(sender: Sender, broker: Broker): (() => void) | undefined {
  answerAttach(sender);
  const address = sender.source?.address ?? '';
  // Reply links for CBS and `$management`: requests name them in `reply_to`.
  if (address === cbsAddress) return undefined;
  if (address.endsWith(managementSuffix)) {
    const entity = address.slice(0, -managementSuffix.length);
    if (!broker.exists(entity)) refuse(sender, entity);
    return undefined;
  }
  const queue = broker.queue(address);
  if (!queue) {
    refuse(sender, address);
    return undefined;
  }
  return serveReceiverLink(sender, queue);
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
  delivery.update(true, outcome);
};
