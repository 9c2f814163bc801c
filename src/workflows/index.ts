// The workflows side of the composition root: the engine over the instance streams, the command pipeline and
// the timers queue, with the message handlers the functions call. A handler retries a transient failure (a store
// down) inside the invocation for MessageRetryForInMs, as the projections do, before giving the message back.
import type { ServiceBusClient } from '@azure/service-bus';
import type { Publication } from '../commands/publication.js';
import type { AggregateCatalogue } from '../shared/catalogue.js';
import { describeError } from '../shared/describeError.js';
import { retryTransient } from '../shared/retry.js';
import type { EventStores } from '../stores/eventStores.js';
import type { CommandSender } from './dispatch.js';
import { WorkflowEngine } from './engine.js';
import type { Taken } from './engineTypes.js';
import { InstanceStreams } from './instanceStreams.js';
import type { InstanceView } from './status.js';
import { subscriptionFilter } from './subscription.js';
import { ServiceBusTimers, type WorkflowTimers } from './timers.js';
import { isTransientWorkflowFailure } from './transient.js';
import type { WorkflowDefinition } from './workflow.js';
import { tracedWorkflowMessage } from './workflowTelemetry.js';

export { workflowDefinitions } from './definitions/index.js';
export { instanceAggregate } from './instance.js';
export { isTransientWorkflowFailure } from './transient.js';
export { instanceType, type WorkflowDefinition } from './workflow.js';

export interface Workflows {
  definitions: readonly WorkflowDefinition[];
  engine: WorkflowEngine;
  /** The SQL filter the workflows subscription needs (the event types some workflow reacts to). */
  subscriptionFilter: string;
  /** `traceparent`: the trace context the message carried, continued by the engine's span. */
  handleEvent(body: unknown, traceparent?: string): Promise<Taken[]>;
  handleTimer(body: unknown, traceparent?: string): Promise<Taken>;
  status(workflow: string, instanceId: string): Promise<InstanceView>;
  retry(workflow: string, instanceId: string): Promise<InstanceView>;
  close(): Promise<void>;
}

export interface CreateWorkflowsOptions {
  definitions: readonly WorkflowDefinition[];
  catalogue: AggregateCatalogue;
  stores: Pick<EventStores, 'storageFor' | 'forAggregateType'>;
  commands: CommandSender;
  publication?: Publication;
  /** The Service Bus client and queue for the timers, or any other timers (tests). */
  timers: { client: ServiceBusClient; queueName: string } | WorkflowTimers;
  commandAttempts: number;
  /** How long the message handlers retry a transient failure (MessageRetryForInMs); default: once only. */
  retryForInMs?: number;
  firstRetryDelayInMs?: number;
  log?: (message: string) => void;
}

export function createWorkflows(options: CreateWorkflowsOptions): Workflows {
  const log = options.log ?? ((message: string) => console.warn(message));
  const timers =
    'client' in options.timers
      ? new ServiceBusTimers(options.timers.client, options.timers.queueName)
      : options.timers;
  const streams = new InstanceStreams({
    storageFor: (type) => options.stores.storageFor(type),
    ...(options.publication ? { publication: options.publication } : {}),
  });
  const engine = new WorkflowEngine({
    definitions: options.definitions,
    catalogue: options.catalogue,
    streams,
    storeFor: (type) => options.stores.forAggregateType(type),
    commands: options.commands,
    timers,
    commandAttempts: options.commandAttempts,
    ...(options.firstRetryDelayInMs === undefined
      ? {}
      : { firstRetryDelayInMs: options.firstRetryDelayInMs }),
    log,
  });
  const retrying = <T>(work: () => Promise<T>) =>
    retryTransient(work, {
      retryForInMs: options.retryForInMs ?? 0,
      isTransient: isTransientWorkflowFailure,
      onRetry: (error, attempt, delayInMs) =>
        log(
          `Workflows: attempt ${attempt} failed (${describeError(error)}); retrying in ${Math.round(delayInMs)} ms.`,
        ),
    });
  return {
    definitions: options.definitions,
    engine,
    subscriptionFilter: subscriptionFilter(options.definitions),
    handleEvent: (body, traceparent) =>
      tracedWorkflowMessage('event', body, traceparent, () => retrying(() => engine.handleEvent(body))),
    handleTimer: (body, traceparent) =>
      tracedWorkflowMessage('timer', body, traceparent, () => retrying(() => engine.handleTimer(body))),
    status: (workflow, instanceId) => engine.status(workflow, instanceId),
    retry: (workflow, instanceId) => engine.retry(workflow, instanceId),
    close: () => timers.close(),
  };
}
