// `$management` operations on a subscription's rules (`ServiceBusRuleManager`): add a rule (SQL or correlation
// filter, optional SQL action), remove one, and enumerate them as the AMQP described types the SDK decodes.
import rhea from 'rhea';
import type { CorrelationFilterDefinition, RuleDefinition, RuleFilterDefinition } from '../definitions.js';
import * as errors from '../errors.js';
import type { SubscriptionEntity } from '../model/entities.js';
import {
  failure,
  longValue,
  type ManagementReply,
  type ManagementRequest,
  noContent,
  ok,
  optionalString,
} from './managementReplies.js';

// Descriptor codes of Service Bus's rule description types (as @azure/core-amqp's `descriptorCodes`).
const ruleDescriptionCode = 0x13700000004;
const emptyRuleActionCode = 0x13700000005;
const sqlRuleActionCode = 0x13700000006;
const sqlFilterCode = 0x1370000006;
const trueFilterCode = 0x1370000007;
const falseFilterCode = 0x1370000008;
const correlationFilterCode = 0x1370000009;

const onSubscription =
  (handler: (subscription: SubscriptionEntity, request: ManagementRequest) => ManagementReply) =>
  (request: ManagementRequest): ManagementReply => {
    const subscription = request.target.subscription;
    if (!subscription || request.target.queue !== subscription.queue) {
      return failure(errors.managementOperationNotImplemented('rules outside a subscription'));
    }
    return handler(subscription, request);
  };

export const addRule = onSubscription((subscription, { body, namespace }) => {
  const name = optionalString(body['rule-name']);
  const description = body['rule-description'] as Record<string, unknown> | undefined;
  if (!name || !description)
    return failure(errors.badRequest('A rule needs a rule-name and a rule-description.'));
  const filter = filterFrom(description);
  if (!filter) return failure(errors.badRequest('A rule needs a sql-filter or a correlation-filter.'));
  const action = (description['sql-rule-action'] as { expression?: unknown } | undefined)?.expression;
  const rule: RuleDefinition = {
    name,
    filter,
    ...(typeof action === 'string' ? { action: { sql: action } } : {}),
  };
  const error = subscription.rules.add(rule);
  if (error) return failure(error);
  namespace.definitionsChanged();
  return ok({});
});

export const removeRule = onSubscription((subscription, { body, namespace }) => {
  const name = optionalString(body['rule-name']) ?? '';
  if (!subscription.rules.remove(name)) {
    return failure({ condition: 'amqp:not-found', description: `The rule '${name}' could not be found.` });
  }
  namespace.definitionsChanged();
  return ok({});
});

export const enumerateRules = onSubscription((subscription, { body }) => {
  const skip = longValue(body.skip);
  const top = body.top === undefined ? Number.POSITIVE_INFINITY : longValue(body.top);
  const rules = subscription.rules.list().slice(skip, skip + top);
  if (rules.length === 0) return noContent();
  return ok({ rules: rules.map((rule) => ({ 'rule-description': encodeRule(rule) })) });
});

function filterFrom(description: Record<string, unknown>): RuleFilterDefinition | undefined {
  const sql = description['sql-filter'] as { expression?: unknown } | undefined;
  if (sql && typeof sql.expression === 'string') return { sql: sql.expression };
  const correlation = description['correlation-filter'] as Record<string, unknown> | undefined;
  if (!correlation) return undefined;
  const text = (key: string) => optionalString(correlation[key]);
  const fields: CorrelationFilterDefinition = {
    correlationId: text('correlation-id'),
    messageId: text('message-id'),
    to: text('to'),
    replyTo: text('reply-to'),
    subject: text('label'),
    sessionId: text('session-id'),
    replyToSessionId: text('reply-to-session-id'),
    contentType: text('content-type'),
    properties: (correlation.properties ?? undefined) as CorrelationFilterDefinition['properties'],
  };
  const defined = Object.entries(fields).filter(([, value]) => value !== undefined && value !== null);
  return { correlation: Object.fromEntries(defined) };
}

const described = (code: number, fields: unknown[]) =>
  rhea.types.described(rhea.types.wrap_ulong(code), rhea.types.wrap_list(fields));

// rhea's typings leave out its Null type.
const nullValue = () => (rhea.types as unknown as { Null(): unknown }).Null();
const stringOrNull = (value: string | undefined) =>
  value === undefined ? nullValue() : rhea.types.wrap_string(value);

function encodeFilter(filter: RuleFilterDefinition) {
  if ('sql' in filter) return described(sqlFilterCode, [rhea.types.wrap_string(filter.sql)]);
  if ('true' in filter) return described(trueFilterCode, []);
  if ('false' in filter) return described(falseFilterCode, []);
  const c = filter.correlation;
  return described(correlationFilterCode, [
    ...[
      c.correlationId,
      c.messageId,
      c.to,
      c.replyTo,
      c.subject ?? c.label,
      c.sessionId,
      c.replyToSessionId,
      c.contentType,
    ].map(stringOrNull),
    rhea.types.wrap_map(c.properties ?? {}),
  ]);
}

function encodeRule(rule: RuleDefinition) {
  const action = rule.action?.sql
    ? described(sqlRuleActionCode, [rhea.types.wrap_string(rule.action.sql)])
    : described(emptyRuleActionCode, []);
  return described(ruleDescriptionCode, [
    encodeFilter(rule.filter),
    action,
    rhea.types.wrap_string(rule.name),
  ]);
}
