// The composition root: settings, stores and the command pipeline. The functions in functions/ reach the
// process-wide one through getApplication() (processApplication.ts, which imports this module on first use);
// tests, scripts and the benchmark build their own with createApplication().
import { CommandHandler } from './commands/commandHandler.js';
import { CommandRegistry } from './commands/registry.js';
import { type Environment, loadSettings, type Settings } from './config/settings.js';
import { aggregates } from './domain/aggregates.js';
import type { AggregateDefinition } from './domain/decider.js';
import {
  type DeadLetterQueue,
  type DeadLetterSummary,
  peekDeadLetters,
  type ReplayReport,
  replayDeadLetters,
} from './messaging/deadLetters.js';
import { createMessaging, type Messaging } from './messaging/index.js';
import { isReplayWork, ReplayJobs, type ReplayWork } from './messaging/replayJobs.js';
import { ServiceBusWorkQueue, type WorkItem } from './messaging/workQueue.js';
import {
  createProjections,
  type Projections,
  type RebuildQueue,
  type RebuildWork,
} from './projections/index.js';
import { isTransientProjectionFailure } from './projections/transient.js';
import { describeError } from './shared/describeError.js';
import { traceAzureSdks } from './stores/azureSdkSpans.js';
import { EventStores } from './stores/eventStores.js';
import {
  createWorkflows,
  instanceAggregate,
  instanceType,
  isTransientWorkflowFailure,
  type WorkflowDefinition,
  type Workflows,
  workflowDefinitions,
} from './workflows/index.js';

export interface Application {
  settings: Settings;
  registry: CommandRegistry;
  stores: EventStores;
  commands: CommandHandler;
  messaging: Messaging;
  projections: Projections;
  workflows: Workflows;
  /** Replays of the stored history to one subscription, as steps on the rebuild queue. */
  replays: ReplayJobs;
  /** Handles one message of the rebuild queue: a rebuild job's step or a replay's. */
  handleQueuedWork(body: unknown): Promise<void>;
  /** The dead-letter queues of the app's own subscriptions, with how to replay each. */
  deadLetters: OwnDeadLetters[];
  close(): Promise<void>;
}

export interface OwnDeadLetters {
  subscription: string;
  peek(max?: number): Promise<DeadLetterSummary[]>;
  /** Hands each dead-lettered message to the subscription's handler again; removes what it handled. */
  replay(): Promise<ReplayReport>;
}

/** What the rebuild queue carries: the steps of rebuild jobs and of replays. */
export type QueuedWork = RebuildWork | ReplayWork;

export interface WorkQueue extends RebuildQueue {
  send(items: WorkItem<QueuedWork>[], options?: { delayInMs?: number }): Promise<void>;
}

export interface CreateApplicationOptions {
  env?: Environment;
  aggregates?: readonly AggregateDefinition[];
  /** Default: every workflow in src/workflows/definitions, with the app settings. */
  workflows?: (settings: Settings) => readonly WorkflowDefinition[];
  /**
   * Where rebuild jobs and replays queue their steps (default: the RebuildQueueName queue; tests may keep them
   * in process).
   */
  rebuildQueue?: WorkQueue;
  /** Streams per replay step (default 100). */
  replayPageSize?: number;
}

export function createApplication(options: CreateApplicationOptions = {}): Application {
  // Before the first SDK client, so its operations join the traces of the app's spans.
  traceAzureSdks();
  const registry = new CommandRegistry();
  for (const aggregate of options.aggregates ?? aggregates) registry.register(aggregate);
  // Workflow instances are streams too; their types are known before the settings that configure the workflows.
  const known = registry.aggregateTypes();
  const instanceTypes = options.workflows ? [] : defaultWorkflows(known).map(instanceType);
  const settings = loadSettings(options.env ?? process.env, [...known, ...instanceTypes]);
  const definitions = options.workflows?.(settings) ?? defaultWorkflows(known, settings);
  for (const definition of definitions) {
    registry.register(instanceAggregate(definition));
    // A workflow that names a command nobody handles fails at start-up, not at its first transfer.
    for (const { aggregateType, command } of definition.sends) registry.command(aggregateType, command);
  }
  const stores = new EventStores(settings.configurationMap, settings.env, {
    deadlineInMs: settings.storeDeadlineInMs,
  });
  const messaging = createMessaging(settings, stores);
  const rebuildQueue = new ServiceBusWorkQueue<QueuedWork>(messaging.client, settings.rebuildQueueName);
  const queue = options.rebuildQueue ?? rebuildQueue;
  const projections = createProjections({
    catalogue: registry,
    stores,
    documents: stores.documents(),
    rebuildQueue: queue,
    settleInMs: settings.rebuildSettleInMs,
    retryForInMs: settings.messageRetryForInMs,
  });
  const commands = new CommandHandler({
    registry,
    storageFor: (aggregateType) => stores.storageFor(aggregateType),
    retryLimit: settings.commandRetryLimit,
    publication: messaging.publication,
  });
  const workflows = createWorkflows({
    definitions,
    catalogue: registry,
    stores,
    commands,
    publication: messaging.publication,
    timers: { client: messaging.client, queueName: settings.workflows.timersQueueName },
    commandAttempts: settings.workflows.commandAttempts,
    retryForInMs: settings.messageRetryForInMs,
  });
  const replays = new ReplayJobs({
    storeFor: (aggregateType) => stores.forAggregateType(aggregateType),
    publisher: messaging.publisher,
    checkpoints: stores.documents(),
    queue,
    pageSize: options.replayPageSize,
  });
  const handleQueuedWork = (body: unknown) =>
    isReplayWork(body) ? replays.work(body) : projections.handleRebuildWork(body);
  const close = async () => {
    await workflows.close();
    await commands.snapshots.flush();
    await rebuildQueue.close();
    await messaging.close();
    await stores.close();
  };
  const deadLetters = [
    ownDeadLetters(
      {
        client: messaging.client,
        topic: settings.eventsTopicName,
        subscription: settings.projectionsSubscriptionName,
      },
      (body) => projections.runner.handle(body),
      isTransientProjectionFailure,
    ),
    ownDeadLetters(
      {
        client: messaging.client,
        topic: settings.eventsTopicName,
        subscription: settings.workflows.subscriptionName,
      },
      (body) => workflows.engine.handleEvent(body),
      isTransientWorkflowFailure,
    ),
  ];
  return {
    settings,
    registry,
    stores,
    commands,
    messaging,
    projections,
    replays,
    workflows,
    handleQueuedWork,
    deadLetters,
    close,
  };
}

/** The workflows of src/workflows/definitions whose events this application's aggregates publish. */
function defaultWorkflows(aggregateTypes: readonly string[], settings?: Settings) {
  return workflowDefinitions(settings?.workflows).filter((definition) =>
    Object.keys(definition.reactsTo).every((type) => aggregateTypes.includes(type)),
  );
}

function ownDeadLetters(
  queue: DeadLetterQueue,
  handle: (body: unknown) => Promise<unknown>,
  isTransient: (error: unknown) => boolean,
): OwnDeadLetters {
  return {
    subscription: queue.subscription,
    peek: (max) => peekDeadLetters(queue, max),
    replay: () =>
      replayDeadLetters({
        ...queue,
        handle,
        isTransient,
        onFailure: (message, error) =>
          console.warn(
            `Dead letters of ${queue.subscription}: message ${message.messageId} failed again (${describeError(error)}).`,
          ),
      }),
  };
}
