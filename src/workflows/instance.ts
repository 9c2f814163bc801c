// A workflow instance as its stream records it (aggregate type `workflow.<name>`): every input the engine took
// (`InputRecorded`), every output the definition decided (`OutputRecorded`), each timer once scheduled on the
// bus (`TimerArmed`), and an instance given up on after too many transient failures (`Stuck`) or taken up
// again by an operator (`Resumed`). Folding the stream gives the definition's state plus what the engine needs:
// which inputs it has seen, which commands still wait for their result, which timers are live.
import type { AggregateDefinition, DomainEvent } from '../domain/decider.js';
import {
  instanceType,
  type Recorded,
  type WorkflowDefinition,
  type WorkflowInput,
  type WorkflowOutput,
} from './workflow.js';

export type InstanceEvent =
  | DomainEvent<'InputRecorded', { key: string; input: WorkflowInput }>
  /** `root`: the key of the delivered input whose handling decided the output; its handler carries it out. */
  | DomainEvent<'OutputRecorded', { outputId: string; output: WorkflowOutput; root: string }>
  | DomainEvent<'TimerArmed', { outputId: string; sequenceNumber: string }>
  | DomainEvent<'Stuck', { outputId: string; error: string }>
  | DomainEvent<'Resumed', Record<string, never>>;

export const INSTANCE_EVENT_TYPES = [
  'InputRecorded',
  'OutputRecorded',
  'TimerArmed',
  'Stuck',
  'Resumed',
] as const satisfies readonly InstanceEvent['type'][];

export type SendOutput = Extract<WorkflowOutput, { kind: 'send' }>;

export interface PendingCommand {
  outputId: string;
  output: SendOutput;
  root: string;
}

export interface TimerState {
  timerId: string;
  name: string;
  dueAt: string;
  root: string;
  /** Set once the timer is scheduled on the bus (TimerArmed): cancelling it there needs it. */
  sequenceNumber?: string;
}

export interface Instance<State = unknown> {
  state: State;
  /** Keys of the inputs recorded (an event's id, a result's output id, a timer's id): redeliveries are skipped. */
  seen: string[];
  /** Per source stream (`type/id`), the last event version taken: an event ahead of it is a gap to fill first. */
  sources: Record<string, number>;
  /** The correlation id of the first event taken; the instance's commands carry it on. */
  correlationId?: string;
  /** Outputs recorded so far; the next output's id is `o${outputs + 1}`. */
  outputs: number;
  pendingCommands: PendingCommand[];
  /** Live timers by name (a cancelled one is gone; a fired one too). */
  timers: Record<string, TimerState>;
  completed: boolean;
  stuck?: { outputId: string; error: string };
}

/** The key under which an input is recorded once. */
export function inputKey(input: WorkflowInput): string {
  if (input.kind === 'event') return `event:${input.event.eventId}`;
  if (input.kind === 'command-result') return `result:${input.outputId}`;
  return `timer:${input.timerId}`;
}

export function emptyInstance<State>(definition: WorkflowDefinition<State>): Instance<State> {
  return {
    state: definition.initialState(),
    seen: [],
    sources: {},
    outputs: 0,
    pendingCommands: [],
    timers: {},
    completed: false,
  };
}

export function evolveInstance<State>(
  definition: WorkflowDefinition<State>,
  instance: Instance<State>,
  event: InstanceEvent,
): Instance<State> {
  switch (event.type) {
    case 'InputRecorded':
      return withInput(definition, instance, event.data.key, event.data.input);
    case 'OutputRecorded':
      return withOutput(definition, instance, event.data);
    case 'TimerArmed': {
      const { outputId, sequenceNumber } = event.data;
      const timers = Object.values(instance.timers).map((timer) =>
        timer.timerId === outputId ? { ...timer, sequenceNumber } : timer,
      );
      return { ...instance, timers: Object.fromEntries(timers.map((timer) => [timer.name, timer])) };
    }
    case 'Stuck':
      return { ...instance, stuck: event.data };
    case 'Resumed': {
      const { stuck: _, ...rest } = instance;
      return rest;
    }
  }
}

function withInput<State>(
  definition: WorkflowDefinition<State>,
  instance: Instance<State>,
  key: string,
  input: WorkflowInput,
): Instance<State> {
  const next = {
    ...instance,
    state: definition.evolve(instance.state, { kind: 'input', input }),
    seen: [...instance.seen, key],
  };
  if (input.kind === 'event') {
    const source = `${input.event.aggregateType}/${input.event.aggregateId}`;
    next.sources = {
      ...instance.sources,
      [source]: Math.max(instance.sources[source] ?? 0, input.event.version),
    };
    next.correlationId ??= input.event.correlationId;
  }
  if (input.kind === 'command-result') {
    next.pendingCommands = instance.pendingCommands.filter((pending) => pending.outputId !== input.outputId);
  }
  if (input.kind === 'timer' && instance.timers[input.name]?.timerId === input.timerId) {
    const { [input.name]: _, ...others } = instance.timers;
    next.timers = others;
  }
  return next;
}

function withOutput<State>(
  definition: WorkflowDefinition<State>,
  instance: Instance<State>,
  { outputId, output, root }: { outputId: string; output: WorkflowOutput; root: string },
): Instance<State> {
  const recorded: Recorded = { kind: 'output', outputId, output };
  const next = {
    ...instance,
    state: definition.evolve(instance.state, recorded),
    outputs: instance.outputs + 1,
  };
  switch (output.kind) {
    case 'send':
      return { ...next, pendingCommands: [...instance.pendingCommands, { outputId, output, root }] };
    case 'schedule': {
      const timer = { timerId: outputId, name: output.name, dueAt: output.dueAt, root };
      return { ...next, timers: { ...instance.timers, [output.name]: timer } };
    }
    case 'cancel': {
      const { [output.name]: _, ...others } = instance.timers;
      return { ...next, timers: others };
    }
    case 'complete':
      return { ...next, completed: true };
  }
}

/** A timer recorded but not yet scheduled on the bus. */
export function unarmedTimers(instance: Instance): TimerState[] {
  return Object.values(instance.timers).filter((timer) => timer.sequenceNumber === undefined);
}

/** Instances as the stores and the streams API see them: an aggregate type with no commands of its own. */
export function instanceAggregate<State>(
  definition: WorkflowDefinition<State>,
): AggregateDefinition<Instance<State>> {
  return {
    type: instanceType(definition),
    commands: {},
    eventTypes: INSTANCE_EVENT_TYPES,
    decider: {
      initialState: () => emptyInstance(definition),
      decide: () => [],
      evolve: (instance, event) => evolveInstance(definition, instance, event as InstanceEvent),
    },
  };
}
