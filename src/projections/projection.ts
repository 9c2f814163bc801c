// What a projection is: a named read model folded from events. A projection declares the events it
// handles (per aggregate type), how its documents are keyed (one per aggregate, or one global document) and
// a pure `apply`. Events reach `apply` upcast to their current shape; the runner, the rebuild and the
// document stores do everything else. A classifier (classifier.ts) is the third kind.
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
  handles: HandledEvents<E>;
  /** The state before the first event; `key` is the aggregate id (per-aggregate) or GLOBAL_KEY. */
  initialState(key: string): State;
  /** Pure: no I/O, no clock. Global projections must not depend on the order of different streams. */
  apply(state: State, event: ProjectionEvent<E>): State;
}

/** One document per aggregate (key = aggregate id), with `asOfVersion`. Handles one aggregate type. */
export interface PerAggregateProjection<State = unknown, E extends DomainEvent = DomainEvent>
  extends ProjectionBase<State, E> {
  kind: 'per-aggregate';
}

/** One document for all streams, with `positions` (the last version applied per stream). */
export interface GlobalProjection<State = unknown, E extends DomainEvent = DomainEvent>
  extends ProjectionBase<State, E> {
  kind: 'global';
}

/**
 * A classifier (classifier.ts): whether an aggregate is in a named group, from a per-aggregate tracking state.
 */
export interface ClassifierDefinition<Tracking = unknown, E extends DomainEvent = DomainEvent> {
  kind: 'classifier';
  /** Kebab-case name of the group, e.g. `accounts-in-arrears`. */
  name: string;
  /** Exactly one aggregate type: members are aggregate ids. */
  handles: HandledEvents<E>;
  /** The tracking state of an aggregate before its first event. */
  initialState(aggregateId: string): Tracking;
  /** Pure: folds one event into the tracking state. */
  apply(state: Tracking, event: ProjectionEvent<E>): Tracking;
  /** Pure: whether an aggregate with this tracking state belongs to the group. */
  isMember(state: Tracking): boolean;
}

/**
 * Any definition, its state and events erased, as the runner and the rebuild handle them (method syntax
 * lets a concrete definition such as `PerAggregateProjection<AccountBalance, BankAccountEvent>` stand in).
 */
export type ProjectionDefinition = PerAggregateProjection | GlobalProjection | ClassifierDefinition;

/** The key of a global document: `$` never occurs in an aggregate id, so it cannot collide with one. */
export const GLOBAL_KEY = '$global';

/** A projection document, as stored (`{projection}/{key}.json`) and returned by the queries. */
export interface ProjectionDocument<State = unknown> {
  projection: string;
  key: string;
  /** Per-aggregate documents: the stream version the state reflects. */
  asOfVersion?: number;
  /** Global documents: per stream (`aggregateType/aggregateId`), the last version applied. */
  positions?: Record<string, number>;
  updatedAt: string;
  state: State;
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
    if (definition.kind !== 'global' && types.length !== 1) {
      throw new Error(
        `${where}: a ${definition.kind} projection is keyed by aggregate id, so it handles one aggregate type`,
      );
    }
    for (const type of types) {
      if (!aggregateTypes.includes(type)) throw new Error(`${where} handles unknown aggregate type ${type}`);
    }
  }
}
