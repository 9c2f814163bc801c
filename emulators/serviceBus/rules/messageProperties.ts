// How filters and actions see a message: system properties (`sys.Label`, `sys.CorrelationId`, …, named as
// in the Service Bus SQL reference) over the AMQP properties they map to, and application properties by
// name; and how a SQL action writes them back.
import type { Message } from 'rhea';
import type { PropertyReference, SqlValue } from './sqlParser.js';

/** System property (lower case) → the AMQP message field that holds it. */
const systemFields: Record<string, keyof Message> = {
  messageid: 'message_id',
  correlationid: 'correlation_id',
  to: 'to',
  replyto: 'reply_to',
  label: 'subject',
  subject: 'subject',
  sessionid: 'group_id',
  replytosessionid: 'reply_to_group_id',
  contenttype: 'content_type',
};

/** A property's value, or undefined when the message does not have it (which EXISTS tells apart from NULL). */
export function readProperty(message: Message, property: PropertyReference): SqlValue | undefined {
  if (property.scope === 'sys') {
    const lower = property.name.toLowerCase();
    if (lower === 'deliverycount') return (message.delivery_count as number | undefined) ?? 0;
    const field = systemFields[lower];
    return field === undefined ? undefined : toSqlValue(message[field]);
  }
  const properties = message.application_properties ?? {};
  if (property.name in properties) return toSqlValue(properties[property.name]);
  // Names are matched regardless of case when no exact match exists.
  const lower = property.name.toLowerCase();
  const key = Object.keys(properties).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : toSqlValue(properties[key]);
}

/** The message with one property set (a SQL action's SET), or removed (REMOVE, `value` undefined). */
export function writeProperty(
  message: Message,
  property: PropertyReference,
  value: SqlValue | undefined,
): Message {
  if (property.scope === 'sys') {
    const field = systemFields[property.name.toLowerCase()];
    if (field === undefined || field === 'message_id') {
      throw new Error(`The system property 'sys.${property.name}' cannot be set by a rule action`);
    }
    return { ...message, [field]: value ?? undefined } as Message;
  }
  const properties: Record<string, unknown> = { ...message.application_properties };
  if (value === undefined) delete properties[property.name];
  else properties[property.name] = value;
  return { ...message, application_properties: properties } as Message;
}

const toSqlValue = (value: unknown): SqlValue | undefined => {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.getTime();
  // An AMQP long too large for a number arrives as 8 big-endian bytes.
  if (Buffer.isBuffer(value) && value.length === 8) return Number(value.readBigInt64BE(0));
  return String(value);
};
