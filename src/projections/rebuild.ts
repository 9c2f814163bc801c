// Rebuilds a projection from the event store: replays every stream of the aggregate types it handles and
// replaces its documents. Each document is computed in memory and written in one atomic write, so readers
// see either the old document or the finished new one, never half a rebuild. Runners keep going meanwhile:
// every write is conditional on the document read just before it, and when that document is ahead of the
// rebuilt one (a runner applied later events), the rebuilt one first catches up from the store. A rebuilt
// document therefore always covers at least what it replaces, and no concurrent update is lost.

import { ProjectionNotFoundError } from '../errors.js';
import { canonicalJson } from '../shared/canonicalJson.js';
import { type Clock, systemClock } from '../shared/clock.js';
import { assertProjectionName } from '../shared/identifiers.js';
import type { EventEnvelope, StreamId } from '../stores/eventStore.js';
import { streamKey } from '../stores/streamKey.js';
import { updateDocument } from './documentUpdate.js';
import { appliedVersion, applyEvents } from './engine.js';
import { membershipOf, syncGroup } from './groupSync.js';
import {
  type ClassifierDefinition,
  GLOBAL_KEY,
  type GlobalProjection,
  type PerAggregateProjection,
  type ProjectionDefinition,
  type ProjectionDocument,
  type ProjectionDocumentStore,
  type StoredDocument,
} from './projection.js';
import { MissingEventsError, type ProjectionEvents } from './projectionEvents.js';
import { type RebuildOptions, RebuildRun, type RebuildSummary } from './rebuildRun.js';

export type { RebuildOptions, RebuildProgress, RebuildSummary, SkippedStream } from './rebuildRun.js';

export interface ProjectionRebuilderOptions {
  definitions: readonly ProjectionDefinition[];
  documents: ProjectionDocumentStore;
  events: ProjectionEvents;
  /** `updatedAt` of written documents (default: the system clock). */
  clock?: Clock;
}

/** A document being rebuilt from a stream (none while no handled event was met), and how far it was read. */
interface Rebuilt {
  document?: ProjectionDocument | undefined;
  readTo: number;
}

export class ProjectionRebuilder {
  private readonly now: () => string;

  constructor(private readonly options: ProjectionRebuilderOptions) {
    const clock = options.clock ?? systemClock;
    this.now = () => clock().toISOString();
  }

  async rebuild(name: string, options: RebuildOptions = {}): Promise<RebuildSummary> {
    assertProjectionName(name);
    const definition = this.options.definitions.find((candidate) => candidate.name === name);
    if (!definition) throw new ProjectionNotFoundError(name, this.options.definitions);
    const run = new RebuildRun(definition, options);
    if (definition.kind === 'global') await this.rebuildGlobal(definition, run);
    else {
      const tracked = await this.rebuildPerAggregate(definition, run);
      if (definition.kind === 'classifier') await this.rebuildGroup(definition, tracked, run);
    }
    return run.finish();
  }

  /** Replays each stream into its own document; returns the documents as they now stand. */
  private async rebuildPerAggregate(
    definition: PerAggregateProjection | ClassifierDefinition,
    run: RebuildRun,
  ): Promise<Map<string, StoredDocument>> {
    const stored = new Map<string, StoredDocument>();
    await run.forEachStream(this.options.events, async (stream) => {
      let rebuilt = this.replay(
        definition,
        { readTo: 0 },
        stream,
        await this.options.events.readFrom(stream),
      );
      const result = await updateDocument(
        this.options.documents,
        definition.name,
        stream.aggregateId,
        async (current) => {
          const theirs = appliedVersion(definition, current?.document, stream);
          rebuilt = await this.catchUp(definition, stream, rebuilt, theirs);
          return this.toWrite(current?.document, rebuilt.document);
        },
      );
      run.count(result.written);
      if (result.stored) stored.set(stream.aggregateId, result.stored);
    });
    return stored;
  }

  /** Replays every stream into one document, then writes it once. */
  private async rebuildGlobal(definition: GlobalProjection, run: RebuildRun): Promise<void> {
    let rebuilt: ProjectionDocument | undefined;
    const readTo = new Map<string, number>();
    // Each stream's events are applied right after they are read, with no await in between, so streams
    // replayed at the same time never overwrite each other (cross-stream order is irrelevant).
    const replayStream = async (stream: StreamId) => {
      const from = (readTo.get(streamKey(stream)) ?? 0) + 1;
      const read = await this.options.events.readFrom(stream, from);
      const next = this.replay(definition, { document: rebuilt, readTo: from - 1 }, stream, read);
      rebuilt = next.document;
      readTo.set(streamKey(stream), next.readTo);
      return true;
    };
    await run.forEachStream(this.options.events, replayStream);
    const result = await updateDocument(
      this.options.documents,
      definition.name,
      GLOBAL_KEY,
      async (current) => {
        // Streams a runner took further than this replay (or that appeared since it listed them) catch up.
        for (const [key, theirs] of Object.entries(current?.document.positions ?? {})) {
          const stream = parseStreamKey(key);
          if (
            !definition.handles[stream.aggregateType] ||
            theirs <= appliedVersion(definition, rebuilt, stream)
          )
            continue;
          if (!(await run.skippingUnreadable(() => replayStream(stream)))) continue;
          if (appliedVersion(definition, rebuilt, stream) < theirs)
            throw new MissingEventsError(`${key} has no version ${theirs} yet`);
        }
        const empty = {
          projection: definition.name,
          key: GLOBAL_KEY,
          positions: {},
          updatedAt: '',
          state: definition.initialState(GLOBAL_KEY),
        };
        return this.toWrite(current?.document, rebuilt ?? empty);
      },
    );
    run.count(result.written);
  }

  /** Brings the group in line with every rebuilt tracking document. */
  private async rebuildGroup(
    definition: ClassifierDefinition,
    tracked: Map<string, StoredDocument>,
    run: RebuildRun,
  ): Promise<void> {
    const memberships = [...tracked].map(([id, { document }]) =>
      membershipOf(definition, id, document.asOfVersion ?? 0, document.state),
    );
    const { writes } = await syncGroup(this.options.documents, definition, memberships, this.now);
    run.count(writes > 0);
  }

  /** A replay so far, after more of a stream's events (the engine applies them). */
  private replay(
    definition: ProjectionDefinition,
    done: Rebuilt,
    stream: StreamId,
    read: readonly EventEnvelope[],
  ): Rebuilt {
    const document =
      applyEvents(definition, this.options.events, done.document, stream, read, '') ?? done.document;
    return { document, readTo: read.at(-1)?.version ?? done.readTo };
  }

  /** Continues a replay from the store until it covers at least `version` (what a runner has applied). */
  private async catchUp(
    definition: ProjectionDefinition,
    stream: StreamId,
    done: Rebuilt,
    version: number,
  ): Promise<Rebuilt> {
    if (version <= appliedVersion(definition, done.document, stream)) return done;
    const caughtUp = this.replay(
      definition,
      done,
      stream,
      await this.options.events.readFrom(stream, done.readTo + 1),
    );
    if (appliedVersion(definition, caughtUp.document, stream) < version) {
      throw new MissingEventsError(`${streamKey(stream)} has no version ${version} yet`);
    }
    return caughtUp;
  }

  /** The rebuilt document to write, or undefined when there is none or the stored one already says the same. */
  private toWrite(
    current: ProjectionDocument | undefined,
    rebuilt: ProjectionDocument | undefined,
  ): ProjectionDocument | undefined {
    if (!rebuilt || (current && sameContent(current, rebuilt))) return undefined;
    return { ...rebuilt, updatedAt: this.now() };
  }
}

/** Whether two documents say the same (their `updatedAt` aside). */
function sameContent(a: ProjectionDocument, b: ProjectionDocument): boolean {
  return canonicalJson({ ...a, updatedAt: '' }) === canonicalJson({ ...b, updatedAt: '' });
}

function parseStreamKey(key: string): StreamId {
  const slash = key.indexOf('/');
  return { aggregateType: key.slice(0, slash), aggregateId: key.slice(slash + 1) };
}
