// The projection runner: handles one message of the events topic. For each projection that handles the
// event it loads the aggregate's document (per-aggregate, or a list's or classifier's tracking document) and
// - skips the event when the document already reflects it (at or below `asOfVersion`): a duplicate costs one
//   read and no write, so the document stays byte-for-byte as it was;
// - fills a gap (the event is ahead of the document) by reading the missing events from the event store;
// - applies, and writes back with If-Match (If-None-Match: * for a new document), recomputing from a fresh
//   read whenever another writer got there first, so parallel runners never lose an update.
// A list or classifier then brings the aggregate's entry record in line (indexSync.ts), also after a
// duplicate, since a crash may have come between the two. While a rebuild job builds a new generation of the
// projection (generations.ts), the event goes to both generations, the newer one first. Whatever the number of aggregates, one event costs
// a handful of small reads and writes. Anything it cannot do throws: the host abandons the message and
// delivers it again.

import { type Clock, systemClock } from '../shared/clock.js';
import { parseMessageBody } from '../shared/messageBody.js';
import type { EventEnvelope } from '../stores/eventStore.js';
import { updateDocument } from './documentUpdate.js';
import { appliedVersion, applyEvents } from './engine.js';
import type { Generations } from './generations.js';
import { syncIndex } from './indexSync.js';
import { handlesEvent, type ProjectionDefinition, type ProjectionDocumentStore } from './projection.js';
import type { ProjectionEvents } from './projectionEvents.js';
import { tracedMessage, tracedProjection } from './runnerTelemetry.js';

export interface ProjectionRunnerOptions {
  definitions: readonly ProjectionDefinition[];
  documents: ProjectionDocumentStore;
  events: ProjectionEvents;
  /** The aggregate types this application knows; events of any other type are ignored. */
  aggregateTypes: readonly string[];
  /** Which generations of each projection to write (default: the projection's own collection only). */
  generations?: Generations;
  /** `updatedAt` of written documents (default: the system clock). */
  clock?: Clock;
}

/** The outcome's `key` for a list's or classifier's entry records. */
export const ENTRIES_KEY = '$entries';

/** What one message did to one document. */
export interface DocumentOutcome {
  projection: string;
  key: string;
  /** `applied`: written; `duplicate`: already reflected, nothing written. */
  outcome: 'applied' | 'duplicate';
  /** Events read from the store to fill a gap before this one. */
  gapFilled: number;
}

export class ProjectionRunner {
  private readonly now: () => string;

  constructor(private readonly options: ProjectionRunnerOptions) {
    const clock = options.clock ?? systemClock;
    this.now = () => clock().toISOString();
  }

  /**
   * Handles one message body (an event envelope); resolves once every affected document reflects it.
   * `traceparent`: the trace context the message carried, continued by the runner's span.
   */
  async handle(body: unknown, traceparent?: string): Promise<DocumentOutcome[]> {
    const envelope = parseMessageBody(body);
    if (!this.options.aggregateTypes.includes(envelope.aggregateType)) return [];
    return tracedMessage(envelope, traceparent, () => this.handleEnvelope(envelope));
  }

  private async handleEnvelope(envelope: EventEnvelope): Promise<DocumentOutcome[]> {
    const affected = this.options.definitions.filter((definition) =>
      handlesEvent(definition, envelope.aggregateType, envelope.type),
    );
    // Each projection on its own: one that fails does not hold the others back; the first failure is rethrown.
    const settled = await Promise.allSettled(
      affected.map((definition) =>
        tracedProjection(definition.name, envelope, () => this.project(definition, envelope)),
      ),
    );
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
  }

  private async project(
    definition: ProjectionDefinition,
    envelope: EventEnvelope,
  ): Promise<DocumentOutcome[]> {
    const { generations } = this.options;
    const { name } = definition;
    const { write, live } = generations ? await generations.targets(name) : { write: [name], live: name };
    let outcomes: DocumentOutcome[] = [];
    for (const collection of write) {
      const done = await this.projectInto(definition, envelope, collection);
      if (collection === live) outcomes = done;
    }
    return outcomes;
  }

  /** Applies the event to one generation's documents: the aggregate's document, then any entry record. */
  private async projectInto(
    definition: ProjectionDefinition,
    envelope: EventEnvelope,
    collection: string,
  ): Promise<DocumentOutcome[]> {
    const applied = await this.apply(definition, envelope, collection);
    if (definition.kind === 'per-aggregate' || !applied.stored) return [applied.outcome];
    const { documents } = this.options;
    const { aggregateId } = envelope;
    const { writes } = await syncIndex(
      documents,
      collection,
      definition,
      aggregateId,
      this.now,
      applied.stored,
    );
    const entries: DocumentOutcome = {
      projection: definition.name,
      key: ENTRIES_KEY,
      outcome: writes > 0 ? 'applied' : 'duplicate',
      gapFilled: 0,
    };
    return [applied.outcome, entries];
  }

  /** Applies the event (and any gap before it) to the aggregate's document in `collection`. */
  private async apply(definition: ProjectionDefinition, envelope: EventEnvelope, collection: string) {
    const { events, documents } = this.options;
    const key = envelope.aggregateId;
    let gapFilled = 0;
    const result = await updateDocument(documents, collection, key, async (current) => {
      const applied = appliedVersion(current?.document);
      if (envelope.version <= applied) return undefined;
      const gap = await events.readRange(envelope, applied + 1, envelope.version - 1);
      gapFilled = gap.length;
      return applyEvents(definition, events, current?.document, envelope, [...gap, envelope], this.now());
    });
    const outcome: DocumentOutcome = {
      projection: definition.name,
      key,
      outcome: result.written ? 'applied' : 'duplicate',
      gapFilled: result.written ? gapFilled : 0,
    };
    return { outcome, stored: result.stored };
  }
}
