// Makes the namespace hold what the entities file (or the options) declare: entities and rules that are
// missing are created; those that exist (restored from persistence) take the declared settings and filters.
// What is not declared (entities or rules made at run time) is left as it is, so a restart loses nothing.
import type { QueueDefinition, TopicDefinition } from '../definitions.js';
import type { BrokerError } from '../errors.js';
import type { Namespace } from './namespace.js';

export function declareEntities(
  namespace: Namespace,
  queues: QueueDefinition[],
  topics: TopicDefinition[],
): void {
  for (const queue of queues) {
    if (namespace.queues.has(queue.name.toLowerCase())) namespace.updateQueue(queue);
    else orThrow(namespace.createQueue(queue));
  }
  for (const topic of topics) {
    if (!namespace.topics.has(topic.name.toLowerCase())) {
      orThrow(namespace.createTopic(topic));
      continue;
    }
    const { subscriptions, ...settings } = topic;
    namespace.updateTopic(settings);
    for (const subscription of subscriptions) {
      const existing = namespace.subscription(topic.name, subscription.name);
      if (!existing) {
        orThrow(namespace.createSubscription(topic.name, subscription));
        continue;
      }
      namespace.updateSubscription(topic.name, subscription);
      for (const rule of subscription.rules ?? []) {
        const refused = existing.rules.get(rule.name)
          ? existing.rules.update(rule)
          : existing.rules.add(rule);
        if (refused) throw new Error(`Service Bus emulator: rule '${rule.name}': ${refused.description}`);
      }
    }
  }
  namespace.definitionsChanged();
}

export const orThrow = <T extends object>(result: T | BrokerError): T => {
  if ('condition' in result) throw new Error(`Service Bus emulator: ${result.description}`);
  return result;
};
