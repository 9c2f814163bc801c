// The EventStore port: the one narrow interface every storage adapter implements (and the contract test
// suite checks). Adapters store and return event envelopes as given; they know nothing of the domain.
import type { EventEnvelope, StreamId } from '../shared/envelope.js';

export type { EventEnvelope, EventMetadata, StreamId } from '../shared/envelope.js';

/**
 * A bookmark just after `version` in one stream, so a later read can fetch only what follows without
 * scanning what precedes it (Table: a row-key range; Append Blob: blob index and byte offset; File Share and
 * Local File: a byte offset). `token` is store-specific and opaque to callers.
 */
export interface StreamPosition {
  version: number;
  token: string;
}

export interface ReadStreamOptions {
  /** First version to return (default 1). Ignored when `after` is given. */
  fromVersion?: number;
  /** Return only events after this bookmark (from an earlier read or append of the same stream). */
  after?: StreamPosition;
  /** Maximum number of events to return (default: all). */
  limit?: number;
}

export interface ReadStreamResult {
  /** Events in version order, starting at `fromVersion`. */
  events: EventEnvelope[];
  /** The stream's head version when read; 0 when the stream does not exist. */
  streamVersion: number;
  /** Bookmark after the last event returned; absent when no event was returned. */
  position?: StreamPosition;
}

export interface AppendResult {
  /** The stream's version after the append. */
  streamVersion: number;
  /** Bookmark after the appended events. */
  position: StreamPosition;
}

export interface ListStreamsOptions {
  continuationToken?: string;
  pageSize?: number;
}

export interface ListStreamsPage {
  aggregateIds: string[];
  continuationToken?: string;
}

/** What one append may hold on this store; exceeding it is a 413 before anything is written. */
export interface StoreLimits {
  maxEventsPerAppend: number;
  /** Largest serialized envelope (UTF-8 bytes of its JSON). */
  maxEventBytes: number;
  /** Largest serialized append (all envelopes of one command). */
  maxAppendBytes: number;
}

export interface AppendOptions {
  /** The envelopes as `prepareAppend` (appendChecks.ts) serialised and checked them, so the store does not again. */
  prepared?: string[];
  /**
   * On a store with `marking`: the append must leave its events covered by the stream's standing publication
   * marker. The store calls this, after learning the head it conditions the append on, whenever that head
   * does not record the mark; it resolves once the marker is durable, and the append then records the mark in
   * the head (in the same conditional write, or one just before it).
   */
  ensureMarker?: (headVersion: number) => Promise<void>;
}

/**
 * What a store whose head can record a standing publication marker offers the sweeper (messaging/markers.ts
 * has the protocol and its safety argument).
 */
export interface StreamMarking {
  /**
   * Clears the mark with a conditional write that changes the head, only if the stream is at `version` (a
   * stream with no head gets an empty, unmarked one). False when the head had moved on: then nothing changed.
   */
  unmark(stream: StreamId, version: number): Promise<boolean>;
}

export interface EventStore {
  /** Short name for messages and health, e.g. `table`. */
  readonly name: string;
  readonly limits: StoreLimits;
  /** Present on the stores whose head records a standing publication marker (Table, Append Blob, In-Memory). */
  readonly marking?: StreamMarking;
  readStream(stream: StreamId, options?: ReadStreamOptions): Promise<ReadStreamResult>;
  /**
   * Appends `events` (versions expectedVersion+1 …) atomically, only if the stream is at `expectedVersion`
   * (0 = the stream must not exist). Throws ConcurrencyError otherwise and writes nothing.
   */
  appendToStream(
    stream: StreamId,
    expectedVersion: number,
    events: EventEnvelope[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /** Ids of the streams of one aggregate type, in pages. */
  listStreams(aggregateType: string, options?: ListStreamsOptions): Promise<ListStreamsPage>;
  /** Resolves when the store answers; throws StoreUnavailableError otherwise. */
  checkHealth(): Promise<void>;
  close?(): Promise<void>;
}
