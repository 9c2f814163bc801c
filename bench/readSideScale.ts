// The read side at scale (issue 14, item 4): what applying one event to a list view costs at a small and at a
// large number of aggregates. The `diary-items` view is seeded straight into its document store (each item's
// tracking document and entry record, many at once), then the same number of events (renames, and reschedules
// that move the entry) is applied through the runner at each size: time per event, document store operations
// per event, and one page of the view. The per-event figures must not grow with the view: the ratio of the
// medians is the target (within 1.3×). At 100,000 items it runs on Local File documents: Azurite finds a
// blob through an index on the account name alone (the same for every blob), so each blob request there scans
// every blob and the emulator, not the design, would set the figure; Blob runs at 1,000 and 10,000.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { CommandRegistry } from '../src/commands/registry.js';
import { aggregates } from '../src/domain/aggregates.js';
import { placed } from '../src/projections/indexSync.js';
import { entryOf } from '../src/projections/listEntries.js';
import type { ProjectionDocument } from '../src/projections/projection.js';
import { ProjectionEvents } from '../src/projections/projectionEvents.js';
import { ProjectionQueries } from '../src/projections/queries.js';
import { ProjectionRunner } from '../src/projections/runner.js';
import { diaryItems } from '../src/projections/samples/diaryItems.js';
import { mapWithConcurrency } from '../src/shared/concurrency.js';
import { BlobDocumentStore } from '../src/stores/documents/blobDocumentStore.js';
import type { DocumentStore } from '../src/stores/documents/documentStore.js';
import { LocalFileDocumentStore } from '../src/stores/documents/localFileDocumentStore.js';
import type { EventEnvelope, EventStore } from '../src/stores/eventStore.js';
import type { BenchEnvironment } from './environment.js';
import { type LatencySummary, round, summarize, timeEach } from './stats.js';

export interface ScalePoint {
  items: number;
  perEvent: LatencySummary;
  requestsPerEvent: number;
  /** A page of 50 items of the whole view. */
  page: LatencySummary;
}

export interface ReadSideScaleResult {
  store: string;
  points: ScalePoint[];
  /** p50 per event at the largest size / at the smallest. */
  ratio: number;
  requestRatio: number;
  /** The largest document the view stores (a tracking document or an entry record), in bytes. */
  largestDocumentBytes: number;
  seedPerSecond: number;
}

const NOW = '2026-06-01T00:00:00.000Z';

/** The document store the view lives in, with a count of its operations (get, put, list, delete). */
export interface ScaleStore {
  label: string;
  documents: DocumentStore<ProjectionDocument>;
  close(): Promise<void>;
}

export async function measureReadSideScale(
  store: ScaleStore,
  sizes: readonly number[],
  events: number,
  log: (message: string) => void,
): Promise<ReadSideScaleResult> {
  const counted = countingDocuments(store.documents);
  const documents = counted.documents;
  const registry = new CommandRegistry();
  for (const aggregate of aggregates) registry.register(aggregate);
  // Every event applied follows the version its document reflects: the runner never reads the event store.
  const noStore = () => ({}) as EventStore;
  const runner = new ProjectionRunner({
    definitions: [diaryItems],
    documents,
    events: new ProjectionEvents(registry, noStore),
    aggregateTypes: ['diary.item'],
  });
  const queries = new ProjectionQueries([diaryItems], documents);
  const points: ScalePoint[] = [];
  let seeded = 0;
  let seedMs = 0;
  let largest = 0;
  for (const size of sizes) {
    log(`Read side at scale (${store.label}): seeding diary-items to ${size.toLocaleString('en')} items…`);
    const started = performance.now();
    const ids = Array.from({ length: size - seeded }, (_, n) => `item-${seeded + n}`);
    await mapWithConcurrency(ids, 64, async (id) => {
      for (const { key, document } of itemDocuments(id)) {
        largest = Math.max(largest, Buffer.byteLength(JSON.stringify(document)));
        await documents.put('diary-items', key, document, {});
      }
    });
    seedMs += performance.now() - started;
    seeded = size;
    // Fresh items for each size, so each event is the next version of its item.
    const touched = Array.from(
      { length: events },
      (_, n) => `item-${Math.floor(((n + 0.5) * size) / events)}`,
    );
    counted.reset();
    const samples = await timeEach(events, (n) => runner.handle(nextEvent(touched[n] as string, n, size)));
    const requestsPerEvent = counted.operations() / events;
    for (const id of touched.slice(0, 5)) {
      const tracking = await documents.get('diary-items', id);
      largest = Math.max(largest, Buffer.byteLength(JSON.stringify(tracking?.document)));
    }
    const page = await timeEach(10, () => queries.page('diary-items', { limit: 50 }));
    points.push({
      items: size,
      perEvent: summarize(samples),
      requestsPerEvent: round(requestsPerEvent, 2),
      page: summarize(page),
    });
    log(
      `  ${size} items: p50 ${points.at(-1)?.perEvent.p50} ms, ${round(requestsPerEvent, 2)} operations per event`,
    );
  }
  await store.close();
  const [first, last] = [points[0], points.at(-1)];
  return {
    store: store.label,
    points,
    ratio: first && last ? round(last.perEvent.p50 / first.perEvent.p50, 2) : 0,
    requestRatio: first && last ? round(last.requestsPerEvent / first.requestsPerEvent, 2) : 0,
    largestDocumentBytes: largest,
    seedPerSecond: Math.round((seeded * 2 * 1000) / Math.max(1, seedMs)),
  };
}

/** Blob storage (Azurite, through the benchmark's environment), in a container of its own. */
export async function blobScaleStore(environment: BenchEnvironment): Promise<ScaleStore> {
  const container = BlobServiceClient.fromConnectionString(
    environment.settings.EventStorage as string,
  ).getContainerClient(`scale-${randomUUID().slice(0, 8)}`);
  await container.createIfNotExists();
  return {
    label: 'Blob (Azurite)',
    documents: new BlobDocumentStore<ProjectionDocument>(container),
    close: async () => {
      await container.deleteIfExists();
    },
  };
}

/** Local File documents (one file per document) in a temporary folder. */
export async function localFileScaleStore(): Promise<ScaleStore> {
  const folder = await mkdtemp(join(tmpdir(), 'bench-scale-'));
  return {
    label: 'Local File',
    documents: new LocalFileDocumentStore<ProjectionDocument>({ folder }),
    close: () => rm(folder, { recursive: true, force: true }),
  };
}

/** The document store with a count of the operations made on it since the last reset. */
function countingDocuments(inner: DocumentStore<ProjectionDocument>) {
  let count = 0;
  const counted = <T>(operation: () => T): T => {
    count++;
    return operation();
  };
  const documents: DocumentStore<ProjectionDocument> = {
    name: inner.name,
    get: (...args) => counted(() => inner.get(...args)),
    put: (...args) => counted(() => inner.put(...args)),
    list: (...args) => counted(() => inner.list(...args)),
    delete: (...args) => counted(() => inner.delete(...args)),
  };
  return { documents, operations: () => count, reset: () => (count = 0) };
}

/** An item at version 1 as the runner leaves it: its tracking document and its entry record. */
function itemDocuments(id: string): { key: string; document: ProjectionDocument }[] {
  const hash = [...id].reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) >>> 0, 7);
  const from = new Date(Date.UTC(2031, hash % 12, 1 + (hash % 28), hash % 24)).toISOString();
  const state = { id, title: `Item ${id}`, from, to: '2032-01-01T00:00:00Z', version: 1 };
  const tracking = placed(
    diaryItems,
    { projection: 'diary-items', key: id, asOfVersion: 1, updatedAt: NOW, state },
    undefined,
    NOW,
  );
  const entry = entryOf(diaryItems, tracking);
  return [{ key: id, document: tracking }, ...(entry ? [entry] : [])];
}

/** Version 2 of an item: a rename, or every other time a reschedule (its entry moves). */
function nextEvent(id: string, n: number, size: number): EventEnvelope {
  const reschedule = n % 2 === 1;
  return {
    eventId: randomUUID(),
    aggregateType: 'diary.item',
    aggregateId: id,
    version: 2,
    type: reschedule ? 'ItemRescheduled' : 'ItemRenamed',
    schemaVersion: 1,
    occurredAt: NOW,
    sequence: n,
    data: reschedule
      ? { from: `2031-0${1 + (n % 9)}-15T10:00:00Z`, to: '2032-01-01T00:00:00Z' }
      : { title: `Renamed at ${size}` },
    metadata: {
      correlationId: 'bench',
      causationId: randomUUID(),
      commandName: reschedule ? 'reschedule' : 'rename',
    },
  };
}
