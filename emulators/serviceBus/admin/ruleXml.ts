// RuleDescription in the administration API: a rule's filter (SqlFilter, CorrelationFilter with its typed
// `Properties`, TrueFilter, FalseFilter) and action (EmptyRuleAction, SqlRuleAction), read from a PUT (or a
// subscription's DefaultRuleDescription) and written back as Service Bus reports it.
import type { CorrelationFilterDefinition, RuleDefinition, RuleFilterDefinition } from '../definitions.js';
import type { Fields } from './atom.js';

const schemaNamespace = 'http://www.w3.org/2001/XMLSchema';
const correlationFields: [keyof CorrelationFilterDefinition, string][] = [
  ['correlationId', 'CorrelationId'],
  ['messageId', 'MessageId'],
  ['to', 'To'],
  ['replyTo', 'ReplyTo'],
  ['subject', 'Label'],
  ['sessionId', 'SessionId'],
  ['replyToSessionId', 'ReplyToSessionId'],
  ['contentType', 'ContentType'],
];

/** The rule a RuleDescription asks for, or why it cannot be had. */
export function ruleFromXml(name: string, fields: Fields): RuleDefinition | { error: string } {
  const filterFields = (fields.Filter ?? {}) as Fields;
  const actionFields = (fields.Action ?? {}) as Fields;
  if (hasParameters(filterFields) || hasParameters(actionFields)) {
    return { error: 'SQL parameters (@name) are not supported by the emulator' };
  }
  const filter = filterFromXml(filterFields);
  if ('error' in filter) return filter;
  const actionType = typeOf(actionFields);
  const expression = actionFields.SqlExpression;
  if (actionType === 'SqlRuleAction' && typeof expression === 'string')
    return { name, filter, action: { sql: expression } };
  return { name, filter };
}

function filterFromXml(fields: Fields): RuleFilterDefinition | { error: string } {
  switch (typeOf(fields)) {
    case 'TrueFilter':
      return { true: true };
    case 'FalseFilter':
      return { false: true };
    case 'CorrelationFilter': {
      const correlation: CorrelationFilterDefinition = {};
      for (const [key, element] of correlationFields) {
        const value = fields[element];
        if (typeof value === 'string') (correlation as Record<string, unknown>)[key] = value;
      }
      const read = propertiesFromXml(fields.Properties);
      if ('error' in read) return read;
      if (Object.keys(read.properties).length > 0) correlation.properties = read.properties;
      return { correlation };
    }
    default: {
      const sql = fields.SqlExpression;
      return typeof sql === 'string' ? { sql } : { sql: '1=1' };
    }
  }
}

export function ruleToXml(rule: RuleDefinition, createdAt: Date): Fields {
  return {
    Filter: filterToXml(rule.filter),
    Action: rule.action?.sql
      ? { $: { 'i:type': 'SqlRuleAction' }, SqlExpression: rule.action.sql, CompatibilityLevel: 20 }
      : { $: { 'i:type': 'EmptyRuleAction' } },
    CreatedAt: createdAt.toISOString(),
    Name: rule.name,
  };
}

function filterToXml(filter: RuleFilterDefinition): Fields {
  if ('sql' in filter)
    return { $: { 'i:type': 'SqlFilter' }, SqlExpression: filter.sql, CompatibilityLevel: 20 };
  if ('true' in filter)
    return { $: { 'i:type': 'TrueFilter' }, SqlExpression: '1=1', CompatibilityLevel: 20 };
  if ('false' in filter)
    return { $: { 'i:type': 'FalseFilter' }, SqlExpression: '1=0', CompatibilityLevel: 20 };
  const correlation = filter.correlation;
  const fields: Fields = { $: { 'i:type': 'CorrelationFilter' } };
  for (const [key, element] of correlationFields) {
    const value = key === 'subject' ? (correlation.subject ?? correlation.label) : correlation[key];
    if (typeof value === 'string') fields[element] = value;
  }
  const properties = Object.entries(correlation.properties ?? {});
  if (properties.length > 0) {
    fields.Properties = {
      KeyValueOfstringanyType: properties.map(([key, value]) => ({ Key: key, Value: typedValue(value) })),
    };
  }
  return fields;
}

/** The SDK reads a value's type from `i:type`, after a four-letter namespace prefix. */
const typedValue = (value: string | number | boolean) => {
  const type =
    typeof value === 'string'
      ? 'string'
      : typeof value === 'boolean'
        ? 'boolean'
        : Number.isInteger(value) && Math.abs(value) < 2 ** 31
          ? 'int'
          : 'double';
  return { $: { 'i:type': `d6p1:${type}`, 'xmlns:d6p1': schemaNamespace }, _: String(value) };
};

type Properties = Record<string, string | number | boolean>;

function propertiesFromXml(value: unknown): { properties: Properties } | { error: string } {
  const pairs = (value as Fields | undefined)?.KeyValueOfstringanyType;
  const list = Array.isArray(pairs) ? pairs : pairs ? [pairs] : [];
  const properties: Properties = {};
  for (const pair of list as Fields[]) {
    const typed = pair.Value as Fields | string | undefined;
    const text = typeof typed === 'object' ? String(typed?._ ?? '') : String(typed ?? '');
    const type = typeof typed === 'object' ? (typeOf(typed) ?? 'string') : 'string';
    const key = String(pair.Key);
    if (type === 'string') properties[key] = text;
    else if (type === 'boolean') properties[key] = text === 'true';
    else if (['int', 'long', 'double', 'float', 'decimal'].includes(type)) properties[key] = Number(text);
    else return { error: `A correlation property of type ${type} is not supported by the emulator` };
  }
  return { properties };
}

/** `i:type` (or `p4:type`…) without its namespace prefix. */
function typeOf(fields: Fields): string | undefined {
  const attributes = (fields.$ ?? {}) as Record<string, unknown>;
  const key = Object.keys(attributes).find((name) => name.endsWith(':type') || name === 'type');
  const value = key ? String(attributes[key]) : undefined;
  return value?.includes(':') ? value.slice(value.indexOf(':') + 1) : value;
}

const hasParameters = (fields: Fields): boolean =>
  typeof fields.Parameters === 'object' &&
  fields.Parameters !== null &&
  Object.keys(fields.Parameters).length > 0;
