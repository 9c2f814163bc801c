// What a workflow (a process manager) is: a pure definition in the decider style that reacts to events of one
// or more aggregate types, to the results of the commands it sent and to its timers, and answers with outputs
// (commands to send, timers to schedule or cancel, completion). No I/O and no clock: the time an input is
// handled arrives in the input (`at`). The engine (engine.ts) records every input and output in the instance's
// own event stream and carries the outputs out, exactly once in effect.
import type { EventEnvelope } from '../shared/envelope.js';

/** An event from the bus, in the current shape of its type. */
export interface EventInput {
  kind: 'event';
  at: string;
  event: Pick<EventEnvelope, 'eventId' | 'aggregateType' | 'aggregateId' | 'version' | 'type' | 'data'> & {
    /** The correlation id of the command that stored the event: the instance's commands carry it on. */
    correlationId?: string;
  };
}

/** How a command the workflow sent ended: accepted (with the stream's new version) or refused. */
export type CommandOutcome =
  | { accepted: true; version: number }
  | { accepted: false; code: string; reason?: string };

/** The result of a command the workflow sent, by the id the engine gave its output. */
export interface CommandResultInput {
  kind: 'command-result';
  at: string;
  outputId: string;
  command: CommandTarget & { commandName: string };
  outcome: CommandOutcome;
}

/** A timer the workflow scheduled, firing. */
export interface TimerInput {
  kind: 'timer';
  at: string;
  timerId: string;
  name: string;
}

export type WorkflowInput = EventInput | CommandResultInput | TimerInput;

export interface CommandTarget {
  aggregateType: string;
  aggregateId: string;
}

export type WorkflowOutput =
  | { kind: 'send'; target: CommandTarget; commandName: string; payload: unknown }
  /** Fires at `dueAt` unless cancelled by name first; a later schedule of the same name replaces it. */
  | { kind: 'schedule'; name: string; dueAt: string }
  | { kind: 'cancel'; name: string }
  | { kind: 'complete' };

/** What the instance's stream records, as the definition's `evolve` sees it. */
export type Recorded =
  | { kind: 'input'; input: WorkflowInput }
  | { kind: 'output'; outputId: string; output: WorkflowOutput };

export interface WorkflowDefinition<State = unknown> {
  /** Kebab-case, e.g. `money-transfer`; the instances' aggregate type is `workflow.<name>`. */
  name: string;
  /** Per aggregate type, the event types the workflow reacts to (the engine's subscription filter). */
  reactsTo: Readonly<Record<string, readonly string[]>>;
  /** The commands it may send (the catalog lists them; the start-up checks each exists). */
  sends: readonly { aggregateType: string; command: string }[];
  /** The instance an event belongs to, or undefined when it is none of this workflow's business. */
  instanceOf(event: EventInput['event']): string | undefined;
  initialState(): State;
  /** Pure: the outputs for an input, given the state so far. */
  decide(input: WorkflowInput, state: State): WorkflowOutput[];
  /** Pure: folds one recorded input or output into the state. */
  evolve(state: State, recorded: Recorded): State;
}

/** The aggregate type of a workflow's instances. */
export function instanceType(workflow: Pick<WorkflowDefinition, 'name'>): string {
  return `workflow.${workflow.name}`;
}
