// The SQL filter of the engine's subscription (`workflows` on the events topic): only the event types some
// workflow reacts to, by the application properties every published event carries (messaging/eventMessage.ts),
// and, like every subscription's rule, live events and the replays meant for it only.
// src/local/serviceBusEntities.json and infra/ hold the same text; the drift test checks all three agree.
import { subscriptionFilter as replayRule } from '../messaging/eventMessage.js';
import type { WorkflowDefinition } from './workflow.js';

/** The whole rule of the workflows subscription named `subscription`. */
export function workflowsSubscriptionFilter(
  subscription: string,
  definitions: readonly Pick<WorkflowDefinition, 'reactsTo'>[],
): string {
  return `(${replayRule(subscription)}) AND (${subscriptionFilter(definitions)})`;
}

/** The event types some workflow reacts to. */
export function subscriptionFilter(definitions: readonly Pick<WorkflowDefinition, 'reactsTo'>[]): string {
  const byType = new Map<string, Set<string>>();
  for (const { reactsTo } of definitions) {
    for (const [aggregateType, eventTypes] of Object.entries(reactsTo)) {
      const types = byType.get(aggregateType) ?? new Set<string>();
      for (const eventType of eventTypes) types.add(eventType);
      byType.set(aggregateType, types);
    }
  }
  if (byType.size === 0) return '1=0';
  return [...byType]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, events]) => {
      const list = [...events].sort().map(quote).join(', ');
      return `(aggregateType = ${quote(type)} AND eventType IN (${list}))`;
    })
    .join(' OR ');
}

function quote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
