// Given / when / then for workflow definitions: given the inputs an instance has taken (each decided as the
// engine does: the definition's outputs recorded after it, with the engine's output ids), when one more input,
// then the outputs the definition decides. Inputs can name what they answer instead of spelling out ids:
// `accepted('withdraw')` is the result of the pending withdraw command, `fired('approval-timeout')` that timer.
import { expect } from 'vitest';
import {
  emptyInstance,
  evolveInstance,
  type Instance,
  type InstanceEvent,
  inputKey,
} from '../../../src/workflows/instance.js';
import type {
  CommandOutcome,
  EventInput,
  WorkflowDefinition,
  WorkflowInput,
  WorkflowOutput,
} from '../../../src/workflows/workflow.js';

export const AT = '2026-01-01T12:00:00.000Z';

/** An input, or how to build it from the instance so far (to answer a pending command or timer). */
export type GivenInput = WorkflowInput | ((instance: Instance) => WorkflowInput);

export interface WorkflowThen<State> {
  then(expected: WorkflowOutput[]): void;
  thenState(expected: Partial<State>): void;
  /** The instance after the input and its outputs, for assertions of its own. */
  instance(): Instance<State>;
}

export function workflowSpec<State>(definition: WorkflowDefinition<State>) {
  const take = (instance: Instance<State>, given: GivenInput) => {
    const input = typeof given === 'function' ? given(instance as Instance) : given;
    // As the engine: a redelivery, a result nobody waits for or a timer no longer live changes nothing.
    if (!isNew(instance, input)) return { instance, outputs: [] };
    const outputs = instance.completed ? [] : definition.decide(input, instance.state);
    let next = evolveInstance(definition, instance, recordedInput(input));
    for (const output of outputs) {
      const outputId = `o${next.outputs + 1}`;
      const event: InstanceEvent = { type: 'OutputRecorded', data: { outputId, output, root: 'spec' } };
      next = evolveInstance(definition, next, event);
    }
    return { instance: next, outputs };
  };
  return function given(...inputs: GivenInput[]) {
    const start = inputs.reduce(
      (instance, input) => take(instance, input).instance,
      emptyInstance(definition),
    );
    return {
      when(input: GivenInput): WorkflowThen<State> {
        const result = () => take(start, input);
        return {
          // biome-ignore lint/suspicious/noThenProperty: given/when/then is the test's vocabulary; never awaited.
          then(expected) {
            expect(result().outputs).toEqual(expected);
          },
          thenState(expected) {
            expect(result().instance.state).toMatchObject(expected);
          },
          instance: () => result().instance,
        };
      },
    };
  };
}

function isNew(instance: Instance, input: WorkflowInput): boolean {
  if (instance.seen.includes(inputKey(input))) return false;
  if (input.kind === 'timer') return instance.timers[input.name]?.timerId === input.timerId;
  if (input.kind === 'command-result')
    return instance.pendingCommands.some(({ outputId }) => outputId === input.outputId);
  return true;
}

function recordedInput(input: WorkflowInput): InstanceEvent {
  return { type: 'InputRecorded', data: { key: inputKey(input), input } };
}

let eventNumber = 0;

/** An event of `aggregateType/aggregateId` at `version`, delivered from the bus. */
export function event(
  aggregateType: string,
  aggregateId: string,
  version: number,
  type: string,
  data: unknown = {},
): EventInput {
  eventNumber += 1;
  return {
    kind: 'event',
    at: AT,
    event: { eventId: `event-${eventNumber}`, aggregateType, aggregateId, version, type, data },
  };
}

/** The result of the pending command named `commandName` (the only one, or the one to `aggregateId`). */
export function accepted(commandName: string, aggregateId?: string, version = 1): GivenInput {
  return result(commandName, aggregateId, { accepted: true, version });
}

export function refused(
  commandName: string,
  reason: string | undefined,
  aggregateId?: string,
  code = 'domain-rule-violated',
): GivenInput {
  return result(
    commandName,
    aggregateId,
    reason ? { accepted: false, code, reason } : { accepted: false, code },
  );
}

function result(commandName: string, aggregateId: string | undefined, outcome: CommandOutcome): GivenInput {
  return (instance) => {
    const pending = instance.pendingCommands.find(
      ({ output }) =>
        output.commandName === commandName &&
        (aggregateId === undefined || output.target.aggregateId === aggregateId),
    );
    if (!pending) throw new Error(`No pending ${commandName} command to answer`);
    const { target } = pending.output;
    return {
      kind: 'command-result',
      at: AT,
      outputId: pending.outputId,
      command: { ...target, commandName },
      outcome,
    };
  };
}

/** The live timer named `name` firing (or a timer id no longer live, with `timerId`). */
export function fired(name: string, timerId?: string): GivenInput {
  return (instance) => {
    const timer = instance.timers[name];
    const id = timerId ?? timer?.timerId;
    if (!id) throw new Error(`No live timer ${name}`);
    return { kind: 'timer', at: timer?.dueAt ?? AT, timerId: id, name };
  };
}
