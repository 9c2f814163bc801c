// A rebuild job's record (`$rebuilds/{projection}/{jobId}`) and its work items. The record is what
// `GET /api/projections/{projection}/rebuild/{jobId}` shows: phase, streams done of those listed, events
// replayed, streams skipped; it is changed under If-Match only, and every change is idempotent (a page is
// counted once, by its bit in `pages.done`), so work items delivered twice change nothing twice.
import { z } from 'zod';
import { isDocumentConflict } from '../stores/documents/documentStore.js';
import { REBUILDS_COLLECTION } from './generations.js';
import type { ProjectionDocumentStore } from './projection.js';

export interface SkippedStream {
  aggregateType: string;
  aggregateId: string;
  version: number;
  reason: string;
}

export type RebuildPhase = 'starting' | 'replaying' | 'switching' | 'retiring' | 'purging' | 'finished';

export interface RebuildJob {
  id: string;
  projection: string;
  aggregateType: string;
  /** The generation being built, and the one readers read when the job started (deleted at the end). */
  generation: number;
  previous: number;
  phase: RebuildPhase;
  startedAt: string;
  switchedAt?: string;
  finishedAt?: string;
  /** Streams listed so far (all of them once `pages.listingDone`), and replayed. */
  streams: { listed: number; done: number };
  /** Events read and applied by the replay. */
  events: number;
  /** Streams left out because an event in them cannot be read: how many, and the first few. */
  skippedCount: number;
  skipped: SkippedStream[];
  pages: { listed: number; listingDone: boolean; done: string };
  purged: { pages: number; documents: number };
}

export const SKIPPED_SHOWN = 20;

/** What the queue carries: one step of a job. */
export const rebuildWorkSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('list'),
    projection: z.string(),
    job: z.string(),
    page: z.number().int().min(0),
    token: z.string().optional(),
  }),
  z.object({
    kind: z.literal('replay'),
    projection: z.string(),
    job: z.string(),
    page: z.number().int().min(0),
    ids: z.array(z.string()),
  }),
  z.object({ kind: z.literal('switch'), projection: z.string(), job: z.string() }),
  z.object({ kind: z.literal('retire'), projection: z.string(), job: z.string() }),
  z.object({
    kind: z.literal('purge'),
    projection: z.string(),
    job: z.string(),
    page: z.number().int().min(0),
  }),
]);
export type RebuildWork = z.infer<typeof rebuildWorkSchema>;

/** A work item with its message id: deterministic, so the queue's duplicate detection drops a repeat. */
export function workItem(work: RebuildWork): { messageId: string; body: RebuildWork } {
  const page = 'page' in work ? `:${work.page}` : '';
  return { messageId: `${work.job}:${work.kind}${page}`, body: work };
}

/** Where the work items go: a Service Bus queue in the app, shared by every instance. */
export interface RebuildQueue {
  send(items: { messageId: string; body: RebuildWork }[], options?: { delayInMs?: number }): Promise<void>;
}

export function jobKey(projection: string, id: string): string {
  return `${projection}/${id}`;
}

export async function readJob(
  documents: ProjectionDocumentStore,
  projection: string,
  id: string,
): Promise<RebuildJob | undefined> {
  return (await documents.get(REBUILDS_COLLECTION, jobKey(projection, id)))?.document.state as
    | RebuildJob
    | undefined;
}

/** Changes the job record with `change` (undefined: leave it) under If-Match; returns it as it now stands. */
export async function updateJob(
  documents: ProjectionDocumentStore,
  projection: string,
  id: string,
  change: (job: RebuildJob) => RebuildJob | undefined,
): Promise<RebuildJob> {
  const key = jobKey(projection, id);
  for (;;) {
    const stored = await documents.get(REBUILDS_COLLECTION, key);
    if (!stored) throw new Error(`Rebuild job ${key} has no record`);
    const job = stored.document.state as RebuildJob;
    const next = change(job);
    if (!next) return job;
    const document = { ...stored.document, updatedAt: new Date().toISOString(), state: next };
    try {
      await documents.put(REBUILDS_COLLECTION, key, document, { etag: stored.etag });
      return next;
    } catch (error) {
      if (!isDocumentConflict(error)) throw error;
    }
  }
}

export async function createJob(documents: ProjectionDocumentStore, job: RebuildJob): Promise<void> {
  const key = jobKey(job.projection, job.id);
  await documents.put(
    REBUILDS_COLLECTION,
    key,
    { projection: job.projection, key, updatedAt: job.startedAt, state: job },
    {},
  );
}

/** The bit of page `n` in a base64 bitmap. */
export function hasPage(bitmap: string, n: number): boolean {
  const bytes = Buffer.from(bitmap, 'base64');
  return ((bytes[n >> 3] ?? 0) & (1 << (n & 7))) !== 0;
}

export function withPage(bitmap: string, n: number): string {
  const bytes = Buffer.from(bitmap, 'base64');
  const grown =
    bytes.length > n >> 3 ? bytes : Buffer.concat([bytes, Buffer.alloc((n >> 3) + 1 - bytes.length)]);
  grown[n >> 3] = (grown[n >> 3] ?? 0) | (1 << (n & 7));
  return grown.toString('base64');
}

/** Every page listed is replayed, and the listing has ended. */
export function replayComplete(job: RebuildJob): boolean {
  if (!job.pages.listingDone) return false;
  for (let n = 0; n < job.pages.listed; n++) if (!hasPage(job.pages.done, n)) return false;
  return true;
}

/** The job as the API shows it: everything but the page bitmap. */
export function jobView(
  job: RebuildJob,
): Omit<RebuildJob, 'pages'> & { pages: { listed: number; listingDone: boolean } } {
  const { pages, ...rest } = job;
  return { ...rest, pages: { listed: pages.listed, listingDone: pages.listingDone } };
}
