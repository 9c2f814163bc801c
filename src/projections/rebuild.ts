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
import { placed, syncIndex } from './indexSync.js';
import type { ProjectionDefinition, ProjectionDocument, ProjectionDocumentStore } from './projection.js';
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
    await this.rebuildPerAggregate(definition, run);
    return run.finish();
  }

  /** Replays each stream into its own document (and, for lists and classifiers, its entry record). */
  private async rebuildPerAggregate(definition: ProjectionDefinition, run: RebuildRun): Promise<void> {
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
          const theirs = appliedVersion(current?.document);
          rebuilt = await this.catchUp(definition, stream, rebuilt, theirs);
          return this.toWrite(definition, current?.document, rebuilt.document);
        },
      );
      run.count(result.written);
      if (definition.kind !== 'per-aggregate') {
        await syncIndex(this.options.documents, definition.name, definition, stream.aggregateId, this.now);
      }
    });
  }

  /** A replay so far, after more of a stream's events (the engine applies them). */
  private replay(
    definition: ProjectionDefinition,
    done: Rebuilt,
    stream: StreamId,
    read: readonly EventEnvelope[],
  ): Rebuilt {
    const document =
      applyEvents(definition, this.options.events, done.document, stream, read, this.now()) ?? done.document;
    return { document, readTo: read.at(-1)?.version ?? done.readTo };
  }

  /** Continues a replay from the store until it covers at least `version` (what a runner has applied). */
  private async catchUp(
    definition: ProjectionDefinition,
    stream: StreamId,
    done: Rebuilt,
    version: number,
  ): Promise<Rebuilt> {
    if (version <= appliedVersion(done.document)) return done;
    const caughtUp = this.replay(
      definition,
      done,
      stream,
      await this.options.events.readFrom(stream, done.readTo + 1),
    );
    if (appliedVersion(caughtUp.document) < version) {
      throw new MissingEventsError(`${streamKey(stream)} has no version ${version} yet`);
    }
    return caughtUp;
  }

  /** The rebuilt document to write, or undefined when there is none or the stored one already says the same. */
  private toWrite(
    definition: ProjectionDefinition,
    current: ProjectionDocument | undefined,
    rebuilt: ProjectionDocument | undefined,
  ): ProjectionDocument | undefined {
    if (!rebuilt || (current && sameContent(current, rebuilt))) return undefined;
    const now = this.now();
    const document = { ...rebuilt, updatedAt: now };
    // The entry leaves wherever the document being replaced had put it.
    return definition.kind === 'per-aggregate' ? document : placed(definition, document, current, now);
  }
}

/** Whether two documents say the same (their `updatedAt` and placement times aside). */
function sameContent(a: ProjectionDocument, b: ProjectionDocument): boolean {
  const plain = ({ updatedAt: _, index, ...rest }: ProjectionDocument) => ({ ...rest, entry: index?.key });
  return canonicalJson(plain(a)) === canonicalJson(plain(b));
}
