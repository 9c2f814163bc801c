// What the workflow engine (engine.ts) is built from and what it answers for each input it handles.

import type { AggregateCatalogue } from '../shared/catalogue.js';
import type { Clock } from '../shared/clock.js';
import type { EventStore } from '../stores/eventStore.js';
import type { CommandSender } from './dispatch.js';
import type { InstanceStreams } from './instanceStreams.js';
import type { WorkflowTimers } from './timers.js';
import type { WorkflowDefinition } from './workflow.js';

export interface WorkflowEngineOptions {
  definitions: readonly WorkflowDefinition[];
  catalogue: AggregateCatalogue;
  streams: InstanceStreams;
  /** For reading the events an instance missed (gap filling). */
  storeFor: (aggregateType: string) => EventStore;
  commands: CommandSender;
  timers: WorkflowTimers;
  /** Tries of a command failing for a transient reason before the instance is marked stuck. */
  commandAttempts: number;
  /** First pause between those tries (default 250 ms). */
  firstRetryDelayInMs?: number;
  now?: Clock;
  log?: (message: string) => void;
}

/** What handling one input did to one instance. */
export interface Taken {
  workflow: string;
  instanceId: string;
  outcome: 'recorded' | 'already-taken' | 'stuck';
}
