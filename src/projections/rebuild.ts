// Rebuilds a projection from the event store: replays every stream of the aggregate types it handles and
// replaces its documents. Each document is computed in memory and written in one atomic write, so readers
// see either the old document or the finished new one, never half a rebuild. Runners keep going meanwhile:
// every write is conditional on the document read just before it, and when that document is ahead of the
// rebuilt one (a runner applied later events), the rebuilt one first catches up from the store. A rebuilt
// document therefore always covers at least what it replaces, and no concurrent update is lost.

import { UnreadableStreamError } from '../errors.js';
import { canonicalJson } from '../shared/canonicalJson.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import { assertProjectionName } from '../shared/identifiers.js';
import type { StreamId } from '../stores/eventStore.js';
import { streamKey } from '../stores/streamKey.js';
import { updateDocument } from './documentUpdate.js';
import { ProjectionNotFoundError } from './errors.js';
import { membershipOf, syncGroup } from './groupSync.js';
import {
  type ClassifierDefinition,
  GLOBAL_KEY,
  type GlobalProjection,
  type PerAggregateProjection,
  type ProjectionDefinition,
  type ProjectionDocumentStore,
  type StoredDocument,
} from './projection.js';
import { type Folded, MissingEventsError, type ProjectionEvents } from './projectionEvents.js';

export interface RebuildProgress {
  aggregateType: string;
  /** Streams of this type replayed so far. */
  done: number;
  total: number;
}

export interface RebuildOptions {
  onProgress?: (progress: RebuildProgress) => void;
  /** Streams replayed at once (default 8). */
  concurrency?: number;
}

export interface RebuildSummary {
  projection: string;
  kind: ProjectionDefinition['kind'];
  /** Streams replayed, per aggregate type. */
  streams: Record<string, number>;
  /** Documents replaced or created, and documents that were already right (left untouched). */
  written: number;
  unchanged: number;
  /** Streams left out because an event in them cannot be read (see UnreadableStreamError). */
  skipped: SkippedStream[];
  durationInMs: number;
}

export interface SkippedStream {
  aggregateType: string;
  aggregateId: string;
  version: number;
  reason: string;
}

export interface ProjectionRebuilderOptions {
  definitions: readonly ProjectionDefinition[];
  documents: ProjectionDocumentStore;
  events: ProjectionEvents;
  now?: () => string;
}

interface Run {
  options: RebuildOptions;
  summary: RebuildSummary;
}

export class ProjectionRebuilder {
  private readonly now: () => string;

  constructor(private readonly options: ProjectionRebuilderOptions) {
    this.now = options.now ?? (() => new Date().toISOString());
  }

  async rebuild(name: string, options: RebuildOptions = {}): Promise<RebuildSummary> {
    assertProjectionName(name);
    const definition = this.options.definitions.find((candidate) => candidate.name === name);
    if (!definition) throw new ProjectionNotFoundError(name, this.options.definitions);
    const started = performance.now();
    const summary: RebuildSummary = {
      projection: name,
      kind: definition.kind,
      streams: {},
      written: 0,
      unchanged: 0,
      skipped: [],
      durationInMs: 0,
    };
    const run: Run = { options, summary };
    if (definition.kind === 'global') await this.rebuildGlobal(definition, run);
    else {
      const tracked = await this.rebuildPerAggregate(definition, run);
      if (definition.kind === 'classifier') await this.rebuildGroup(definition, tracked, run);
    }
    summary.durationInMs = Math.round(performance.now() - started);
    return summary;
  }

  /** Replays each stream into its own document; returns the documents as they now stand. */
  private async rebuildPerAggregate(
    definition: PerAggregateProjection | ClassifierDefinition,
    run: Run,
  ): Promise<Map<string, StoredDocument>> {
    const { events, documents } = this.options;
    const stored = new Map<string, StoredDocument>();
    await this.forEachStream(definition, run, async (stream) => {
      const key = stream.aggregateId;
      const start: Folded = { state: definition.initialState(key), version: undefined, readTo: 0 };
      let folded = events.fold(definition, start, await events.readFrom(stream));
      const result = await updateDocument(documents, definition.name, key, async (current) => {
        const theirs = current?.document.asOfVersion ?? 0;
        folded = await this.catchUp(definition, stream, folded, theirs);
        if (folded.version === undefined) return undefined;
        if (current && theirs === folded.version && sameJson(current.document.state, folded.state))
          return undefined;
        return {
          projection: definition.name,
          key,
          asOfVersion: folded.version,
          updatedAt: this.now(),
          state: folded.state,
        };
      });
      this.count(run, result.written);
      if (result.stored) stored.set(key, result.stored);
    });
    return stored;
  }

  /** Replays every stream into one document, then writes it once. */
  private async rebuildGlobal(definition: GlobalProjection, run: Run): Promise<void> {
    const { events, documents } = this.options;
    const streams = new Map<string, Omit<Folded, 'state'>>();
    let state = definition.initialState(GLOBAL_KEY);
    // Streams are folded one after another into the shared state, whole (cross-stream order is irrelevant).
    const foldStream = async (stream: StreamId, after: Omit<Folded, 'state'> | undefined) => {
      const read = await events.readFrom(stream, (after?.readTo ?? 0) + 1);
      // Folded right after the read, with no await in between, so concurrent replays never overwrite each other.
      const folded = events.fold(
        definition,
        { state, version: after?.version, readTo: after?.readTo ?? 0 },
        read,
      );
      state = folded.state;
      streams.set(streamKey(stream), { version: folded.version, readTo: folded.readTo });
      return folded;
    };
    await this.forEachStream(definition, run, (stream) => foldStream(stream, undefined));
    const result = await updateDocument(documents, definition.name, GLOBAL_KEY, async (current) => {
      // Streams a runner took further than this replay (or that appeared since it listed them) catch up.
      for (const [key, theirs] of Object.entries(current?.document.positions ?? {})) {
        const ours = streams.get(key);
        if (theirs <= (ours?.version ?? 0)) continue;
        const stream = parseStreamKey(key);
        if (!definition.handles[stream.aggregateType]) continue;
        const folded = await this.skippingUnreadable(run, () => foldStream(stream, ours));
        if (folded === undefined) continue;
        if ((folded.version ?? 0) < theirs)
          throw new MissingEventsError(`${key} has no version ${theirs} yet`);
      }
      const positions: Record<string, number> = {};
      for (const [key, folded] of streams) if (folded.version !== undefined) positions[key] = folded.version;
      const document = {
        projection: definition.name,
        key: GLOBAL_KEY,
        positions,
        updatedAt: this.now(),
        state,
      };
      if (
        current &&
        sameJson(current.document.positions, positions) &&
        sameJson(current.document.state, state)
      ) {
        return undefined;
      }
      return document;
    });
    this.count(run, result.written);
  }

  /** Brings the group in line with every rebuilt tracking document. */
  private async rebuildGroup(
    definition: ClassifierDefinition,
    tracked: Map<string, StoredDocument>,
    run: Run,
  ): Promise<void> {
    const memberships = [...tracked].map(([id, { document }]) =>
      membershipOf(definition, id, document.asOfVersion ?? 0, document.state),
    );
    const { writes } = await syncGroup(this.options.documents, definition, memberships, this.now);
    this.count(run, writes > 0);
  }

  /** Continues a fold from the store until it covers at least `version` (what a runner has applied). */
  private async catchUp(
    definition: ProjectionDefinition,
    stream: StreamId,
    folded: Folded,
    version: number,
  ): Promise<Folded> {
    if (version <= (folded.version ?? 0)) return folded;
    const { events } = this.options;
    const caughtUp = events.fold(definition, folded, await events.readFrom(stream, folded.readTo + 1));
    if ((caughtUp.version ?? 0) < version) {
      throw new MissingEventsError(`${streamKey(stream)} has no version ${version} yet`);
    }
    return caughtUp;
  }

  private async forEachStream(
    definition: ProjectionDefinition,
    run: Run,
    replay: (stream: StreamId) => Promise<unknown>,
  ): Promise<void> {
    for (const aggregateType of Object.keys(definition.handles)) {
      const ids = await this.options.events.listStreams(aggregateType);
      const progress = { aggregateType, done: 0, total: ids.length };
      run.summary.streams[aggregateType] = ids.length;
      run.options.onProgress?.({ ...progress });
      await mapWithConcurrency(ids, run.options.concurrency ?? 8, async (aggregateId) => {
        await this.skippingUnreadable(run, () => replay({ aggregateType, aggregateId }));
        progress.done++;
        run.options.onProgress?.({ ...progress });
      });
    }
  }

  /** Runs a stream's replay; a stream with an event this code cannot read is reported and left out. */
  private async skippingUnreadable<T>(run: Run, replay: () => Promise<T>): Promise<T | undefined> {
    try {
      return await replay();
    } catch (error) {
      if (!(error instanceof UnreadableStreamError)) throw error;
      const { stream, version, message } = error;
      run.summary.skipped.push({ ...stream, version, reason: message });
      return undefined;
    }
  }

  private count(run: Run, written: boolean): void {
    if (written) run.summary.written++;
    else run.summary.unchanged++;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function parseStreamKey(key: string): StreamId {
  const slash = key.indexOf('/');
  return { aggregateType: key.slice(0, slash), aggregateId: key.slice(slash + 1) };
}
