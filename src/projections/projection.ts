// What a projection is: a named read model folded from events. A projection declares the events it
// handles, a pure `apply` folding one aggregate's events into a state, and what is kept of that state:
// - per-aggregate: the state itself, one document per aggregate;
// - list: one bounded entry per aggregate in a view sorted by a key of the entry (`diary-items`);
// - classifier: whether the aggregate is in a named group (`accounts-in-arrears`).
// A list or a classifier keeps the state as a per-aggregate *tracking* document and the entries as one small
// record each (listEntries.ts, indexSync.ts), so applying an event costs the same whatever the number of
// aggregates, and no document grows with it. Events reach `apply` upcast to their current shape; the runner,
// the rebuild and the document stores do everything else.
import type { z } from 'zod';
import type { DomainEvent } from '../domain/decider.js';
import { PROJECTION_NAME_PATTERN } from '../shared/identifiers.js';
import type { DocumentStore, StoredDocument as Stored } from '../stores/documents/documentStore.js';
import type { EventEnvelope } from '../stores/eventStore.js';

/** An envelope whose `type`/`data` are the current shape of one of `E` (never an old schema version). */
export type ProjectionEvent<E extends DomainEvent = DomainEvent> = Omit<EventEnvelope, 'type' | 'data'> & E;

/** Per aggregate type, the event types a projection handles; it never sees any other event. */
export type HandledEvents<E extends DomainEvent = DomainEvent> = Readonly<
  Record<string, readonly E['type'][]>
>;

interface ProjectionBase<State, E extends DomainEvent> {
  /** Kebab-case, e.g. `account-balance`; it names the documents' folder and the query route. */
  name: string;
  /** Exactly one aggregate type: documents are keyed by aggregate id. */
  handles: HandledEvents<E>;
  /** The state of an aggregate before its first event. */
  initialState(aggregateId: string): State;
  /** Pure: no I/O, no clock. Folds one event of the aggregate into its state. */
  apply(state: State, event: ProjectionEvent<E>): State;
}

/** One document per aggregate (key = aggregate id), with `asOfVersion`. Handles one aggregate type. */
export interface PerAggregateProjection<State = unknown, E extends DomainEvent = DomainEvent>
  extends ProjectionBase<State, E> {
  kind: 'per-aggregate';
}

/**
 * A view listing at most one entry per aggregate, sorted by `sortKey`, read in pages
 * (`GET /api/projections/{name}?limit=&continuation=`, plus the view's own filters).
 */
export interface ListProjection<State = unknown, Entry = unknown, E extends DomainEvent = DomainEvent>
  extends ProjectionBase<State, E> {
  kind: 'list';
  /** Pure: the aggregate's entry in the list; undefined when it has none (e.g. deleted). */
  entry(state: State, aggregateId: string): Entry | undefined;
  /**
   * Pure: where the entry sorts, compared code unit by code unit (so fixed-width fields, e.g. a UTC instant
   * from toISOString()); printable ASCII without `/`. The aggregate id is appended to break ties.
   */
  sortKey(entry: Entry, aggregateId: string): string;
  /** Query parameters that narrow the list to a range of sort keys (e.g. diary items by date). */
  filter?: ListFilter;
}

/** A list view's query filter: its parameters (a zod object schema) and the sort-key range they select. */
export interface ListFilter {
  parameters: z.ZodObject;
  /**
   * The sort keys selected, as inclusive prefixes of equal length where digits vary and other characters are
   * fixed (e.g. `2031-05-01` … `2031-05-31`); absent bounds are open.
   */
  range(query: Record<string, unknown>): { from?: string; to?: string };
}

/** A ListFilter whose `range` sees the parsed parameters with their types. */
export function listFilter<Parameters extends z.ZodObject>(
  parameters: Parameters,
  range: (query: z.output<Parameters>) => { from?: string; to?: string },
): ListFilter {
  return { parameters, range: (query) => range(query as z.output<Parameters>) };
}

/** A group of aggregates (members are aggregate ids, in id order), decided from a per-aggregate tracking state. */
export interface ClassifierDefinition<Tracking = unknown, E extends DomainEvent = DomainEvent>
  extends ProjectionBase<Tracking, E> {
  kind: 'classifier';
  /** Pure: whether an aggregate with this tracking state belongs to the group. */
  isMember(state: Tracking): boolean;
}

/**
 * Any definition, its state and events erased, as the runner and the rebuild handle them (method syntax
 * lets a concrete definition such as `PerAggregateProjection<AccountBalance, BankAccountEvent>` stand in).
 */
export type ProjectionDefinition = PerAggregateProjection | ListProjection | ClassifierDefinition;

/** A list's or classifier's definition: kept as tracking documents plus entry records. */
export type IndexedDefinition = ListProjection | ClassifierDefinition;

/**
 * A projection document, as stored (`{collection}/{key}.json`) and returned by the queries: a per-aggregate
 * or tracking document (key = the aggregate id), or a list's entry record (key under ENTRY_PREFIX).
 */
export interface ProjectionDocument<State = unknown> {
  projection: string;
  key: string;
  /** The stream version the state reflects. */
  asOfVersion?: number;
  /** Entry records: the aggregate whose entry this is. */
  aggregateId?: string;
  /** Tracking documents of lists and classifiers: where the aggregate's entry is, and where it was lately. */
  index?: IndexPlacement;
  updatedAt: string;
  state: State;
}

/** Tracking documents only. See indexSync.ts. */
export interface IndexPlacement {
  /** The entry record's key, when the aggregate has an entry. */
  key?: string;
  /** Keys its entry left, and when: a late writer may still put a stale entry there for a while. */
  left?: { key: string; at: string }[];
}

/** Where projection documents are kept: the stores' JSON document port, holding ProjectionDocuments. */
export type ProjectionDocumentStore = DocumentStore<ProjectionDocument>;
export type StoredDocument = Stored<ProjectionDocument>;

/** True when `definition` handles this event (its aggregate type and event type). */
export function handlesEvent(definition: ProjectionDefinition, aggregateType: string, type: string): boolean {
  return definition.handles[aggregateType]?.includes(type) ?? false;
}

/** Checks a set of definitions once at start-up: unique valid names, one aggregate type where needed. */
export function validateProjections(
  definitions: readonly ProjectionDefinition[],
  aggregateTypes: string[],
): void {
  const names = new Set<string>();
  for (const definition of definitions) {
    const where = `Projection "${definition.name}"`;
    if (!PROJECTION_NAME_PATTERN.test(definition.name))
      throw new Error(`${where}: the name must be kebab-case`);
    if (names.has(definition.name)) throw new Error(`${where} is defined twice`);
    names.add(definition.name);
    const types = Object.keys(definition.handles);
    if (types.length === 0) throw new Error(`${where} handles no events`);
    if (types.length !== 1) {
      throw new Error(
        `${where}: a ${definition.kind} projection is keyed by aggregate id, so it handles one aggregate type`,
      );
    }
    for (const type of types) {
      if (!aggregateTypes.includes(type)) throw new Error(`${where} handles unknown aggregate type ${type}`);
    }
  }
}
