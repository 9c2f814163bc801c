// Which inputs an instance still has to take. A redelivered input is skipped; a result or a timer the instance
// no longer waits for (a timer cancelled or superseded) is ignored. Events are taken in their streams' order:
// an event ahead of the last one taken from its stream brings the ones in between first (read from the store,
// those the workflow reacts to), so an approval delivered before its request still comes after it, and an
// older event delivered late is one the instance has already taken or passed over.
import type { AggregateCatalogue } from '../shared/catalogue.js';
import { readEvent } from '../shared/catalogue.js';
import type { EventEnvelope } from '../shared/envelope.js';
import { assertAggregateId } from '../shared/identifiers.js';
import type { EventStore } from '../stores/eventStore.js';
import { type Instance, inputKey } from './instance.js';
import type { EventInput, WorkflowDefinition, WorkflowInput } from './workflow.js';

export interface InputSources {
  catalogue: AggregateCatalogue;
  storeFor: (aggregateType: string) => EventStore;
}

/** The instances an event belongs to, one per workflow that reacts to it, with the event as their input. */
export function instancesOf(
  definitions: readonly WorkflowDefinition[],
  catalogue: AggregateCatalogue,
  envelope: EventEnvelope,
): { definition: WorkflowDefinition; instanceId: string; input: EventInput }[] {
  return definitions.flatMap((definition) => {
    if (!definition.reactsTo[envelope.aggregateType]?.includes(envelope.type)) return [];
    const input = eventInput(catalogue, envelope);
    const instanceId = definition.instanceOf(input.event);
    return instanceId === undefined ? [] : [{ definition, instanceId: assertAggregateId(instanceId), input }];
  });
}

/** A stored event as a workflow input, in the current shape of its type. */
export function eventInput(catalogue: AggregateCatalogue, envelope: EventEnvelope): EventInput {
  const { type, data } = readEvent(catalogue.aggregate(envelope.aggregateType), envelope);
  const { eventId, aggregateType, aggregateId, version, metadata } = envelope;
  return {
    kind: 'event',
    at: envelope.occurredAt,
    event: {
      eventId,
      aggregateType,
      aggregateId,
      version,
      type,
      data,
      correlationId: metadata.correlationId,
    },
  };
}

/** Whether the workflow takes this event into this instance. */
export function reactsTo(definition: WorkflowDefinition, input: EventInput, instanceId?: string): boolean {
  const { event } = input;
  if (!definition.reactsTo[event.aggregateType]?.includes(event.type)) return false;
  return instanceId === undefined || definition.instanceOf(event) === instanceId;
}

export async function newInputs(
  sources: InputSources,
  definition: WorkflowDefinition,
  instanceId: string,
  instance: Instance,
  input: WorkflowInput,
): Promise<WorkflowInput[]> {
  if (instance.seen.includes(inputKey(input))) return [];
  switch (input.kind) {
    case 'timer':
      return instance.timers[input.name]?.timerId === input.timerId ? [input] : [];
    case 'command-result':
      return instance.pendingCommands.some(({ outputId }) => outputId === input.outputId) ? [input] : [];
    case 'event': {
      const { aggregateType, aggregateId, version } = input.event;
      const last = instance.sources[`${aggregateType}/${aggregateId}`] ?? 0;
      if (version <= last) return [];
      if (version === last + 1) return [input];
      const read = await sources
        .storeFor(aggregateType)
        .readStream({ aggregateType, aggregateId }, { fromVersion: last + 1, limit: version - last - 1 });
      const missed = read.events
        .filter((envelope) => envelope.version < version)
        .map((envelope) => eventInput(sources.catalogue, envelope))
        .filter((missing) => reactsTo(definition, missing, instanceId))
        .filter((missing) => !instance.seen.includes(inputKey(missing)));
      return [...missed, input];
    }
  }
}
