// The read side: every projection the application keeps, and the factory the composition root calls to get
// the runner (Service Bus messages), the queries (HTTP) and the rebuild (HTTP and `npm run rebuild`).
// Add a projection by writing its definition under samples/ (or beside them) and listing it here.
import type { CommandRegistry } from '../commands/registry.js';
import type { ConfigurationMap } from '../config/configurationMap.js';
import type { Environment } from '../config/settings.js';
import type { EventStores } from '../stores/eventStores.js';
import type { ProjectionDocumentStore } from './documents/documentStore.js';
import { createDocumentStore } from './documents/index.js';
import { type ProjectionDefinition, validateProjections } from './projection.js';
import { ProjectionEvents } from './projectionEvents.js';
import { ProjectionQueries } from './queries.js';
import { ProjectionRebuilder, type RebuildOptions, type RebuildSummary } from './rebuild.js';
import { ProjectionRunner } from './runner.js';
import { accountBalance } from './samples/accountBalance.js';
import { accountsInArrears } from './samples/accountsInArrears.js';
import { diaryItems } from './samples/diaryItems.js';
import { vehicleSummary } from './samples/vehicleSummary.js';

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
  rebuild(projection: string, options?: RebuildOptions): Promise<RebuildSummary>;
}

export interface CreateProjectionsOptions {
  map: ConfigurationMap;
  env: Environment;
  registry: CommandRegistry;
  stores: Pick<EventStores, 'forAggregateType'>;
  /** Default: the projections above, minus those handling aggregate types this application lacks. */
  definitions?: readonly ProjectionDefinition[];
  /** Default: the store the configuration map's `projections` section names. */
  documents?: ProjectionDocumentStore;
}

export function createProjections(options: CreateProjectionsOptions): Projections {
  const aggregateTypes = options.registry.aggregateTypes();
  const definitions =
    options.definitions ??
    projections.filter((definition) =>
      Object.keys(definition.handles).every((type) => aggregateTypes.includes(type)),
    );
  validateProjections(definitions, aggregateTypes);
  const documents = options.documents ?? createDocumentStore(options.map, options.env);
  const events = new ProjectionEvents(options.registry, (type) => options.stores.forAggregateType(type));
  const runner = new ProjectionRunner({ definitions, documents, events, aggregateTypes });
  const rebuilder = new ProjectionRebuilder({ definitions, documents, events });
  return {
    definitions,
    documents,
    events,
    runner,
    queries: new ProjectionQueries(definitions, documents),
    rebuild: (projection, rebuildOptions) => rebuilder.rebuild(projection, rebuildOptions),
  };
}

export type { ProjectionDefinition, ProjectionDocument, ProjectionEvent } from './projection.js';
export type { RebuildProgress, RebuildSummary } from './rebuild.js';
export { ProjectionRunner } from './runner.js';
