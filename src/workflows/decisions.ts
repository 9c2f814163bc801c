// The engine's pure steps (engine.ts): what recording some inputs appends to an instance (each input, then the
// outputs the definition decides for it, and the timer messages those outputs cancel), and which pending output a
// handler carries out next.
import {
  evolveInstance,
  type Instance,
  type InstanceEvent,
  inputKey,
  type PendingCommand,
  type TimerState,
  unarmedTimers,
} from './instance.js';
import type { WorkflowDefinition, WorkflowInput } from './workflow.js';

/** Who is handling: the key of the delivered input (its outputs are this handler's), or an operator's retry. */
export interface Handler {
  root: string;
  carryAll: boolean;
}

/** The events recording `inputs` appends (the outputs decided under `root`), the instance after them, and the timers' messages to cancel. */
export function decide(
  definition: WorkflowDefinition,
  before: Instance,
  inputs: WorkflowInput[],
  root: string,
): { instance: Instance; events: InstanceEvent[]; cancelled: string[] } {
  let instance = before;
  const events: InstanceEvent[] = [];
  const cancelled: string[] = [];
  const add = (event: InstanceEvent) => {
    events.push(event);
    instance = evolveInstance(definition, instance, event);
  };
  for (const input of inputs) {
    const outputs = instance.completed ? [] : definition.decide(input, instance.state);
    add({ type: 'InputRecorded', data: { key: inputKey(input), input } });
    for (const output of outputs) {
      const sequenceNumber =
        output.kind === 'cancel' ? instance.timers[output.name]?.sequenceNumber : undefined;
      if (sequenceNumber) cancelled.push(sequenceNumber);
      add({ type: 'OutputRecorded', data: { outputId: `o${instance.outputs + 1}`, output, root } });
    }
  }
  return { instance, events, cancelled };
}

/** The next output this handler carries out, in the order the outputs were decided. */
export function nextOutput(instance: Instance, handler: Handler): PendingCommand | TimerState | undefined {
  const mine = (root: string) => handler.carryAll || root === handler.root;
  const candidates: (PendingCommand | TimerState)[] = [
    ...instance.pendingCommands.filter(({ root }) => mine(root)),
    ...unarmedTimers(instance).filter(({ root }) => mine(root)),
  ];
  const order = (candidate: PendingCommand | TimerState) =>
    Number(('output' in candidate ? candidate.outputId : candidate.timerId).slice(1));
  return candidates.sort((a, b) => order(a) - order(b))[0];
}

export function armed(outputId: string, sequenceNumber: string): InstanceEvent {
  return { type: 'TimerArmed', data: { outputId, sequenceNumber } };
}

export function resumed(): InstanceEvent {
  return { type: 'Resumed', data: {} };
}
