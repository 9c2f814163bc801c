// What each administration path does: `$Resources/Queues` and `$Resources/Topics` list, `{name}` is a queue or
// topic, `{topic}/Subscriptions/` lists and `{topic}/Subscriptions/{name}` is a subscription, `…/Rules/` lists
// and `…/Rules/{name}` is a rule; GET reads, PUT creates (or with If-Match: * updates), DELETE deletes.
import type { QueueDefinition, SubscriptionDefinition } from '../definitions.js';
import type { SubscriptionEntity } from '../model/entities.js';
import type { Namespace } from '../model/namespace.js';
import type { EntryContent, Fields } from './atom.js';
import {
  queueDescription,
  type RequestedSettings,
  requestedSettings,
  subscriptionDescription,
  topicDescription,
} from './descriptions.js';
import {
  type AdminRequest,
  type AdminResult,
  entity,
  fail,
  fromBrokerError,
  notFound,
  page,
} from './routeResults.js';
import { rule, rulesOf } from './ruleRoutes.js';
import { ruleFromXml } from './ruleXml.js';

export function routes(namespace: Namespace, request: AdminRequest): AdminResult {
  const [first = '', second, third, fourth, fifth, ...rest] = request.segments;
  const is = (segment: string | undefined, name: string) => segment?.toLowerCase() === name.toLowerCase();
  if (rest.length > 0) return notFound(`'${request.segments.join('/')}'`);
  if (is(first, '$namespaceinfo') && second === undefined) return { status: 200, entry: namespaceInfo() };
  if (is(first, '$Resources') && (is(second, 'Queues') || is(second, 'Topics')) && third === undefined) {
    const all = is(second, 'Queues')
      ? [...namespace.queues.values()].map((queue) =>
          entity(queue.name, 'QueueDescription', queueDescription(queue), queue.updatedAt),
        )
      : [...namespace.topics.values()].map((topic) =>
          entity(topic.name, 'TopicDescription', topicDescription(topic), topic.updatedAt),
        );
    return page(request, `$Resources/${second}`, all);
  }
  if (second === undefined) return queueOrTopic(namespace, request, first);
  if (!is(second, 'Subscriptions')) return notFound(`'${request.segments.join('/')}'`);
  const topic = namespace.topics.get(first.toLowerCase());
  if (!topic) return notFound(`The topic '${first}'`);
  if (third === undefined) {
    const all = [...topic.subscriptions.values()].map(subscriptionEntry);
    return page(request, `${topic.name}/Subscriptions`, all);
  }
  if (fourth === undefined) return subscription(namespace, request, topic.name, third);
  const found = namespace.subscription(topic.name, third);
  if (!is(fourth, 'Rules')) return notFound(`'${request.segments.join('/')}'`);
  if (!found) return notFound(`The subscription '${third}' of topic '${topic.name}'`);
  if (fifth === undefined)
    return page(request, `${found.topic.name}/Subscriptions/${found.name}/Rules`, rulesOf(found));
  return rule(request, found, fifth);
}

function queueOrTopic(namespace: Namespace, request: AdminRequest, name: string): AdminResult {
  const queue = namespace.queues.get(name.toLowerCase());
  const topic = namespace.topics.get(name.toLowerCase());
  if (request.method === 'DELETE')
    return namespace.delete(name) ? { status: 200 } : notFound(`The entity '${name}'`);
  if (request.method === 'GET') {
    if (queue)
      return {
        status: 200,
        entry: entity(queue.name, 'QueueDescription', queueDescription(queue), queue.updatedAt),
      };
    if (topic)
      return {
        status: 200,
        entry: entity(topic.name, 'TopicDescription', topicDescription(topic), topic.updatedAt),
      };
    return notFound(`The entity '${name}'`);
  }
  const kind = request.entry?.kind;
  if (request.method !== 'PUT' || (kind !== 'QueueDescription' && kind !== 'TopicDescription')) {
    return fail(400, 'Expected GET, DELETE, or PUT with a QueueDescription or TopicDescription entry.');
  }
  const settings = requestedSettings(
    kind === 'QueueDescription' ? 'queue' : 'topic',
    request.entry?.fields ?? {},
  );
  if ('error' in settings) return fail(400, settings.error);
  const definition = { name, ...definitionOf(settings) };
  if (kind === 'QueueDescription') {
    if (request.isUpdate) {
      if (!queue) return notFound(`The queue '${name}'`);
      const unchangeable = unchangeableChange(queue.definition, definition);
      if (unchangeable) return fail(400, unchangeable);
      const updated = namespace.updateQueue(definition);
      return updated
        ? { status: 200, entry: entity(updated.name, kind, queueDescription(updated), updated.updatedAt) }
        : notFound(name);
    }
    const created = namespace.createQueue(definition);
    if ('condition' in created) return fromBrokerError(created);
    return { status: 201, entry: entity(created.name, kind, queueDescription(created), created.updatedAt) };
  }
  const { duplicateDetectionWindowInMs, adminProperties } = definition;
  const topicDefinition = { name, duplicateDetectionWindowInMs, adminProperties };
  if (request.isUpdate) {
    if (!topic) return notFound(`The topic '${name}'`);
    const updated = namespace.updateTopic(topicDefinition);
    return updated
      ? { status: 200, entry: entity(updated.name, kind, topicDescription(updated), updated.updatedAt) }
      : notFound(name);
  }
  const created = namespace.createTopic({ ...topicDefinition, subscriptions: [] });
  if ('condition' in created) return fromBrokerError(created);
  return { status: 201, entry: entity(created.name, kind, topicDescription(created), created.updatedAt) };
}

function subscription(
  namespace: Namespace,
  request: AdminRequest,
  topicName: string,
  name: string,
): AdminResult {
  const existing = namespace.subscription(topicName, name);
  if (request.method === 'GET')
    return existing
      ? { status: 200, entry: subscriptionEntry(existing) }
      : notFound(`The subscription '${name}'`);
  if (request.method === 'DELETE') {
    return namespace.delete(`${topicName}/Subscriptions/${name}`)
      ? { status: 200 }
      : notFound(`The subscription '${name}'`);
  }
  if (request.method !== 'PUT' || request.entry?.kind !== 'SubscriptionDescription') {
    return fail(400, 'Expected GET, DELETE, or PUT with a SubscriptionDescription entry.');
  }
  const fields = request.entry.fields;
  const settings = requestedSettings('subscription', fields);
  if ('error' in settings) return fail(400, settings.error);
  const { duplicateDetectionWindowInMs: _topicsOnly, ...subscriptionSettings } = definitionOf(settings);
  const definition: SubscriptionDefinition = { name, ...subscriptionSettings };
  if (request.isUpdate) {
    if (!existing) return notFound(`The subscription '${name}'`);
    const unchangeable = unchangeableChange(existing.definition, definition);
    if (unchangeable) return fail(400, unchangeable);
    const updated = namespace.updateSubscription(topicName, definition);
    return updated ? { status: 200, entry: subscriptionEntry(updated) } : notFound(name);
  }
  const defaultRule = fields.DefaultRuleDescription as Fields | undefined;
  if (defaultRule) {
    const parsed = ruleFromXml(String(defaultRule.Name ?? '$Default'), defaultRule);
    if ('error' in parsed) return fail(400, parsed.error);
    definition.rules = [parsed];
  }
  const created = namespace.createSubscription(topicName, definition);
  if ('condition' in created) return fromBrokerError(created);
  return { status: 201, entry: subscriptionEntry(created) };
}

const definitionOf = (settings: RequestedSettings): Omit<QueueDefinition, 'name'> => {
  const { adminProperties, ...rest } = settings;
  const defined = Object.entries(rest).filter(([, value]) => value !== undefined);
  return { ...Object.fromEntries(defined), adminProperties };
};

/** Service Bus does not let an entity change whether it has sessions once created. */
const unchangeableChange = (before: { requiresSession?: boolean }, after: { requiresSession?: boolean }) =>
  (before.requiresSession ?? false) !== (after.requiresSession ?? false)
    ? 'RequiresSession cannot be changed on an existing entity.'
    : undefined;

const subscriptionEntry = (found: SubscriptionEntity) =>
  entity(
    `${found.topic.name}/Subscriptions/${found.name}`,
    'SubscriptionDescription',
    subscriptionDescription(found),
    found.updatedAt,
  );

const started = new Date();
const namespaceInfo = (): EntryContent =>
  entity(
    '$namespaceinfo',
    'NamespaceInfo',
    {
      CreatedTime: started.toISOString(),
      MessagingSKU: 'Standard',
      ModifiedTime: started.toISOString(),
      Name: 'emulator',
      NamespaceType: 'Messaging',
    },
    started,
  );
