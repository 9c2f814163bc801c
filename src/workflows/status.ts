// What an operator sees of a workflow instance (GET /api/workflows/{name}/{instanceId}).
import { type Instance, unarmedTimers } from './instance.js';

export type InstanceStatus = 'running' | 'waiting' | 'completed' | 'stuck';

export interface InstanceView {
  workflow: string;
  instanceId: string;
  /**
   * `running`: commands or timers decided and not yet carried out; `waiting`: nothing in flight, waiting for an
   * event or a timer; `completed`; `stuck`: a command kept failing (see `stuck`), POST …/retry resumes it.
   */
  status: InstanceStatus;
  state: unknown;
  pendingOutputs: { outputId: string; kind: 'send' | 'schedule'; detail: unknown }[];
  timers: { timerId: string; name: string; dueAt: string; armed: boolean }[];
  stuck?: { outputId: string; error: string };
  version: number;
}

export function statusOf(instance: Instance): InstanceStatus {
  if (instance.completed) return 'completed';
  if (instance.stuck) return 'stuck';
  return instance.pendingCommands.length > 0 || unarmedTimers(instance).length > 0 ? 'running' : 'waiting';
}

export function instanceView(workflow: string, instanceId: string, instance: Instance, version: number) {
  const view: InstanceView = {
    workflow,
    instanceId,
    status: statusOf(instance),
    state: instance.state,
    pendingOutputs: [
      ...instance.pendingCommands.map(({ outputId, output }) => ({
        outputId,
        kind: 'send' as const,
        detail: { ...output.target, commandName: output.commandName, payload: output.payload },
      })),
      ...unarmedTimers(instance).map(({ timerId, name, dueAt }) => ({
        outputId: timerId,
        kind: 'schedule' as const,
        detail: { name, dueAt },
      })),
    ],
    timers: Object.values(instance.timers).map(({ timerId, name, dueAt, sequenceNumber }) => ({
      timerId,
      name,
      dueAt,
      armed: sequenceNumber !== undefined,
    })),
    version,
  };
  if (instance.stuck) view.stuck = instance.stuck;
  return view;
}
