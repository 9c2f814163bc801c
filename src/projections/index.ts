// The read side: every projection the application keeps, and the factory the composition root calls to get
// the runner (Service Bus messages), the queries (HTTP), the generations readers and writers follow, and the
// rebuild jobs (HTTP, `npm run rebuild` and the rebuild queue's trigger).
// Add a projection by writing its definition under samples/ (or beside them) and listing it here.
import type { AggregateCatalogue } from '../shared/catalogue.js';
import { describeError } from '../shared/describeError.js';
import { retryTransient } from '../shared/retry.js';
import type { EventStores } from '../stores/eventStores.js';
import { Generations } from './generations.js';
import {
  type ProjectionDefinition,
  type ProjectionDocumentStore,
  validateProjections,
} from './projection.js';
import { ProjectionEvents } from './projectionEvents.js';
import { ProjectionQueries } from './queries.js';
import type { RebuildQueue } from './rebuildJob.js';
import { RebuildJobs } from './rebuildJobs.js';
import { type DocumentOutcome, ProjectionRunner } from './runner.js';
import { accountBalance } from './samples/accountBalance.js';
import { accountsInArrears } from './samples/accountsInArrears.js';
import { diaryItems } from './samples/diaryItems.js';
import { vehicleSummary } from './samples/vehicleSummary.js';
import { isTransientProjectionFailure } from './transient.js';

export const projections: readonly ProjectionDefinition[] = [
  accountBalance,
  accountsInArrears,
  diaryItems,
  vehicleSummary,
];

export interface Projections {
  definitions: readonly ProjectionDefinition[];
  documents: ProjectionDocumentStore;
  events: ProjectionEvents;
  generations: Generations;
  runner: ProjectionRunner;
  queries: ProjectionQueries;
  rebuilds: RebuildJobs;
  /**
   * Handles one message of the projections subscription: the runner, retried with back-off while the failure
   * is transient (for `retryForInMs`), so an outage does not spend the message's delivery count.
   * `traceparent`: the trace context the message carried, which the runner's span continues.
   */
  handleMessage(body: unknown, traceparent?: string): Promise<DocumentOutcome[]>;
  /** Handles one message of the rebuild queue: one step of a job, retried the same way. */
  handleRebuildWork(body: unknown): Promise<void>;
}

export interface CreateProjectionsOptions {
  /** The aggregate types the application serves (the command registry is one). */
  catalogue: AggregateCatalogue;
  stores: Pick<EventStores, 'forAggregateType'>;
  /** Where the documents are kept (the stores' `documents()`, as the configuration map says). */
  documents: ProjectionDocumentStore;
  /** Where rebuild jobs queue their steps (the rebuild queue); without one, starting a rebuild fails. */
  rebuildQueue?: RebuildQueue;
  /** Between a rebuild's phases (RebuildSettleInMs); processes cache the generation pointer a quarter of it. */
  settleInMs?: number;
  /** Default: the projections above, minus those handling aggregate types this application lacks. */
  definitions?: readonly ProjectionDefinition[];
  /** How long handleMessage retries a transient failure (MessageRetryForInMs); default: once only. */
  retryForInMs?: number;
  /** Where handleMessage reports a retry (default: console.warn). */
  log?: (message: string) => void;
}

const NO_QUEUE: RebuildQueue = {
  send: async () => {
    throw new Error('No rebuild queue is configured');
  },
};

export function createProjections(options: CreateProjectionsOptions): Projections {
  const aggregateTypes = options.catalogue.aggregateTypes();
  const definitions =
    options.definitions ??
    projections.filter((definition) =>
      Object.keys(definition.handles).every((type) => aggregateTypes.includes(type)),
    );
  validateProjections(definitions, aggregateTypes);
  const { documents } = options;
  const settleInMs = options.settleInMs ?? 10_000;
  const events = new ProjectionEvents(options.catalogue, (type) => options.stores.forAggregateType(type));
  const generations = new Generations(documents, Math.floor(settleInMs / 4));
  const runner = new ProjectionRunner({ definitions, documents, events, aggregateTypes, generations });
  const queue = options.rebuildQueue ?? NO_QUEUE;
  const rebuilds = new RebuildJobs({ definitions, documents, events, generations, queue, settleInMs });
  const log = options.log ?? ((message: string) => console.warn(message));
  const retrying = <T>(what: string, work: () => Promise<T>) =>
    retryTransient(work, {
      retryForInMs: options.retryForInMs ?? 0,
      isTransient: isTransientProjectionFailure,
      onRetry: (error, attempt, delayInMs) =>
        log(
          `${what}: attempt ${attempt} failed (${describeError(error)}); retrying in ${Math.round(delayInMs)} ms.`,
        ),
    });
  return {
    definitions,
    documents,
    events,
    generations,
    runner,
    queries: new ProjectionQueries(definitions, documents, (name) => generations.liveCollection(name)),
    rebuilds,
    handleMessage: (body, traceparent) => retrying('Projections', () => runner.handle(body, traceparent)),
    handleRebuildWork: (body) => retrying('Rebuild', () => rebuilds.work(body)),
  };
}

export type { ProjectionDefinition, ProjectionDocument, ProjectionEvent } from './projection.js';
export type { RebuildJob, RebuildQueue, RebuildWork } from './rebuildJob.js';
export { jobView } from './rebuildJob.js';
export { ProjectionRunner } from './runner.js';
