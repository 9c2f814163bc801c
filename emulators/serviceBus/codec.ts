// Wire-format helpers for the Service Bus emulator: lock tokens and delivery tags in .NET GUID byte
// order, batch envelopes (message format 0x80013700), message ids, settlement outcomes, and the
// annotations the SDK expects on every delivery.
import { randomUUID } from 'node:crypto';
import type { Message, Typed } from 'rhea';
import rhea from 'rhea';

/** Message format of `sendMessages([...])` / `createMessageBatch`: data sections, each a whole message. */
export const batchMessageFormat = 0x80013700;

/** A delivery state (accepted, rejected, …) as rhea encodes and decodes it. */
export type DeliveryOutcome = Record<string, unknown>;

/** What a delivery says about the broker's copy of a message, beyond the message itself. */
export interface DeliveryAnnotations {
  sequenceNumber: number;
  enqueuedTimeUtc: Date;
  /** Previous failed attempts: the AMQP header `delivery_count`. */
  deliveryCount: number;
  lockToken?: string;
  lockedUntilUtc?: Date;
  /** Peek and receive-by-sequence-number say whether a message is active, deferred or scheduled. */
  state?: 'active' | 'deferred' | 'scheduled';
}

const messageStates = { active: 0, deferred: 1, scheduled: 2 } as const;

export const newLockToken = (): string => randomUUID();

// .NET writes a Guid's first three fields little-endian; the SDK undoes this when it reads the tag.
const swapGuidByteOrder = (bytes: Buffer): Buffer =>
  Buffer.from([
    bytes[3] ?? 0,
    bytes[2] ?? 0,
    bytes[1] ?? 0,
    bytes[0] ?? 0,
    bytes[5] ?? 0,
    bytes[4] ?? 0,
    bytes[7] ?? 0,
    bytes[6] ?? 0,
    ...bytes.subarray(8, 16),
  ]);

/** The delivery tag the SDK turns back into `lockToken`. */
export const deliveryTagFor = (lockToken: string): Buffer =>
  swapGuidByteOrder(rhea.string_to_uuid(lockToken));

export const lockTokenFromTag = (tag: Buffer | string): string =>
  rhea.uuid_to_string(swapGuidByteOrder(typeof tag === 'string' ? Buffer.from(tag) : tag));

/** Lock tokens in `$management` requests are AMQP uuids in RFC byte order. */
export const lockTokenFromUuid = (uuid: Buffer): string => rhea.uuid_to_string(uuid);

/** The messages a transfer carries: one, or each data section of a batch envelope. */
export const decodeTransfer = (payload: Message | Buffer, format: number): Message[] => {
  if (!Buffer.isBuffer(payload)) return [payload];
  const envelope = decode(payload);
  if (format !== batchMessageFormat) return [envelope];
  const body = envelope.body as { content?: Buffer | Buffer[]; multiple?: boolean } | undefined;
  const sections = body?.multiple
    ? (body.content as Buffer[])
    : body?.content
      ? [body.content as Buffer]
      : [];
  return sections.map(decode);
};

// rhea's decode and its Message type live in two typings files that disagree on `body`.
const decode = (bytes: Buffer): Message => rhea.message.decode(bytes) as unknown as Message;

/** A key for duplicate detection; message ids may be strings, numbers or binary/uuid. */
export const messageIdKey = (messageId: unknown): string | undefined => {
  if (messageId === undefined || messageId === null) return undefined;
  if (Buffer.isBuffer(messageId)) return `binary:${messageId.toString('hex')}`;
  return `${typeof messageId}:${String(messageId)}`;
};

/** Every stored message carries an id, as on Service Bus. */
export const withMessageId = (message: Message): Message => {
  if (message.message_id !== undefined && message.message_id !== null) return message;
  return copyMessage(message, { message_id: randomUUID().replaceAll('-', '') });
};

export const copyMessage = (message: Message, changes: Record<string, unknown>): Message =>
  ({ ...message, ...changes }) as Message;

/** The message with extra application properties, e.g. `DeadLetterReason`. */
export const withApplicationProperties = (message: Message, properties: Record<string, unknown>): Message => {
  const defined = Object.entries(properties).filter(([, value]) => value !== undefined && value !== null);
  if (defined.length === 0) return message;
  return copyMessage(message, {
    application_properties: { ...message.application_properties, ...Object.fromEntries(defined) },
  });
};

/** Encodes a message for delivery, with the broker's header and annotations; `omitBody` for peeks that ask. */
export const encodeDelivery = (
  message: Message,
  annotations: DeliveryAnnotations,
  omitBody = false,
): Buffer => {
  const brokerAnnotations: Record<string, Typed> = {
    'x-opt-sequence-number': rhea.types.wrap_long(annotations.sequenceNumber),
    'x-opt-enqueued-time': rhea.types.wrap_timestamp(annotations.enqueuedTimeUtc.getTime()),
  };
  if (annotations.state !== undefined && annotations.state !== 'active') {
    brokerAnnotations['x-opt-message-state'] = rhea.types.wrap_int(messageStates[annotations.state]);
  }
  if (annotations.lockToken !== undefined) {
    brokerAnnotations['x-opt-lock-token'] = rhea.types.wrap_uuid(rhea.string_to_uuid(annotations.lockToken));
  }
  if (annotations.lockedUntilUtc !== undefined) {
    brokerAnnotations['x-opt-locked-until'] = rhea.types.wrap_timestamp(annotations.lockedUntilUtc.getTime());
  }
  const { body, ...withoutBody } = message;
  return rhea.message.encode({
    ...(omitBody ? withoutBody : message),
    delivery_count: annotations.deliveryCount,
    message_annotations: { ...message.message_annotations, ...brokerAnnotations },
  } as Message);
};

// rhea creates outcomes at run time but its typings leave the factories out.
const outcomes = rhea.message as unknown as {
  accepted(): { described(): DeliveryOutcome };
  rejected(fields?: { error?: { condition: string; description?: string } }): {
    described(): DeliveryOutcome;
  };
  released(): { described(): DeliveryOutcome };
  modified(fields?: Record<string, unknown>): { described(): DeliveryOutcome };
};

export const acceptedOutcome = (): DeliveryOutcome => outcomes.accepted().described();
export const releasedOutcome = (): DeliveryOutcome => outcomes.released().described();
export const modifiedOutcome = (fields: Record<string, unknown>): DeliveryOutcome =>
  outcomes.modified(fields).described();
/** Without an error a rejection acknowledges a dead-letter; with one it tells the SDK the settlement failed. */
export const rejectedOutcome = (error?: { condition: string; description: string }): DeliveryOutcome =>
  outcomes.rejected(error ? { error } : {}).described();
