// The decider pattern: the pure heart of every aggregate. A decider turns a command and the current state
// into new events (`decide`) and folds events into state (`evolve`). No I/O and no clock: the time a
// command is handled arrives in its metadata.
import type { z } from 'zod';

export interface CommandMetadata {
  /** When the command is being handled (ISO 8601). */
  now: string;
}

export interface Command<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  metadata: CommandMetadata;
}

export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

// Method syntax (rather than function-typed properties) lets a concrete decider stand in for the generic
// `AggregateDefinition` in the registry.
export interface Decider<State, C extends Command, E extends DomainEvent> {
  initialState(): State;
  decide(command: C, state: State): E[];
  evolve(state: State, event: E): State;
}

/** Everything the application needs to know about one aggregate type. */
export interface AggregateDefinition<
  State = unknown,
  C extends Command = Command,
  E extends DomainEvent = DomainEvent,
> {
  /** Domain-qualified type name, e.g. `bank.account`. */
  type: string;
  /** One zod schema per command name; the schema validates the command's payload. */
  commands: { readonly [Name in C['type']]: z.ZodType<Extract<C, { type: Name }>['data']> };
  /** Every event type this aggregate can emit; anything else in its stream is an error. */
  eventTypes: readonly E['type'][];
  /** Event types whose shape has changed: their current schema version and how to upcast older ones. */
  eventSchemas?: EventSchemas<E['type']>;
  /**
   * Bump when the meaning of the state changes while its shape stays the same; snapshots taken with an
   * older state version are then discarded (shape changes are detected on their own).
   */
  stateVersion?: number;
  decider: Decider<State, C, E>;
}

/** Turns the data of one schema version of an event type into the data of the next version. */
export type Upcaster = (data: unknown) => unknown;

/**
 * Per event type: the schema version new events are written with (default 1), and one upcaster per older
 * version (`{ 1: v1ToV2 }`), applied on read so deciders and projections only ever see current shapes.
 */
export type EventSchemas<Type extends string = string> = {
  readonly [T in Type]?: {
    readonly schemaVersion: number;
    readonly upcasters: Readonly<Record<number, Upcaster>>;
  };
};

/** The domain refused the command; `reason` is a stable, kebab-case string clients can act on. */
export class DomainRuleViolated extends Error {
  override readonly name = 'DomainRuleViolated';
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** A command other than a creating one was sent to an aggregate that has no events yet. */
export class AggregateNotFound extends Error {
  override readonly name = 'AggregateNotFound';
}

/** Helper for the `default` branch of exhaustive switches. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
