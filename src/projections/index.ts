// The read side: every projection the application keeps, and the factory the composition root calls to get
// the runner (Service Bus messages), the queries (HTTP) and the rebuild (HTTP and `npm run rebuild`).
// Add a projection by writing its definition under samples/ (or beside them) and listing it here.
import type { AggregateCatalogue } from '../shared/catalogue.js';
import { describeError } from '../shared/describeError.js';
import { retryTransient } from '../shared/retry.js';
import type { EventStores } from '../stores/eventStores.js';
import {
  type ProjectionDefinition,
  type ProjectionDocumentStore,
  validateProjections,
} from './projection.js';
import { ProjectionEvents } from './projectionEvents.js';
import { ProjectionQueries } from './queries.js';
import { ProjectionRebuilder, type RebuildOptions, type RebuildSummary } from './rebuild.js';
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
  runner: ProjectionRunner;
  queries: ProjectionQueries;
  /**
   * Handles one message of the projections subscription: the runner, retried with back-off while the failure
   * is transient (for `retryForInMs`), so an outage does not spend the message's delivery count.
   */
  handleMessage(body: unknown, traceparent?: string): Promise<DocumentOutcome[]>;
  rebuild(projection: string, options?: RebuildOptions): Promise<RebuildSummary>;
}

export interface CreateProjectionsOptions {
  /** The aggregate types the application serves (the command registry is one). */
  catalogue: AggregateCatalogue;
  stores: Pick<EventStores, 'forAggregateType'>;
  /** Where the documents are kept (the stores' `documents()`, as the configuration map says). */
  documents: ProjectionDocumentStore;
  /** Default: the projections above, minus those handling aggregate types this application lacks. */
  definitions?: readonly ProjectionDefinition[];
  /** How long handleMessage retries a transient failure (MessageRetryForInMs); default: once only. */
  retryForInMs?: number;
  /** Where handleMessage reports a retry (default: console.warn). */
  log?: (message: string) => void;
}

export function createProjections(options: CreateProjectionsOptions): Projections {
  const aggregateTypes = options.catalogue.aggregateTypes();
  const definitions =
    options.definitions ??
    projections.filter((definition) =>
      Object.keys(definition.handles).every((type) => aggregateTypes.includes(type)),
    );
  validateProjections(definitions, aggregateTypes);
  const { documents } = options;
  const events = new ProjectionEvents(options.catalogue, (type) => options.stores.forAggregateType(type));
  const runner = new ProjectionRunner({ definitions, documents, events, aggregateTypes });
  const rebuilder = new ProjectionRebuilder({ definitions, documents, events });
  const log = options.log ?? ((message: string) => console.warn(message));
  return {
    definitions,
    documents,
    events,
    runner,
    queries: new ProjectionQueries(definitions, documents),
    handleMessage: (body, traceparent) =>
      retryTransient(() => runner.handle(body, traceparent), {
        retryForInMs: options.retryForInMs ?? 0,
        isTransient: isTransientProjectionFailure,
        onRetry: (error, attempt, delayInMs) =>
          log(
            `Projections: attempt ${attempt} failed (${describeError(error)}); retrying in ${Math.round(delayInMs)} ms.`,
          ),
      }),
    rebuild: (projection, rebuildOptions) => rebuilder.rebuild(projection, rebuildOptions),
  };
}

export type { ProjectionDefinition, ProjectionDocument, ProjectionEvent } from './projection.js';
export type { RebuildProgress, RebuildSummary } from './rebuild.js';
export { ProjectionRunner } from './runner.js';
