// Write exclusion for stream files. Azure Files offers no ETag conditions on writes, only leases, and file
// leases are infinite: a writer that crashes while holding one would block the stream forever. So a lease
// is broken once it looks abandoned. Azure does not say how old a lease is; this process measures it from
// the moment it first saw the file leased, and resets the clock whenever the file's ETag changes (the holder
// wrote something, so it is alive). Only a file leased with an unchanged ETag for `stalenessInMs` of this
// process's own monotonic clock is broken: no clock skew between machines is involved, and a lease can
// only look older than it is when a second writer took it without writing (then it is broken early, which
// is safe, as below).
//
// Breaking the lease of a writer that is slow rather than dead corrupts nothing: its later writes carry the
// old lease id and fail with 412, and the metadata commit point means a range it already wrote stays
// invisible and is overwritten by the next append.
//
// A lease another writer still holds after one wait is not a lost race (a live writer commits within
// milliseconds, and a commit changes the stream, which the caller's check turns into a conflict at once):
// it is a writer that stopped, or one that crashed. Retrying the command cannot help until the lease is
// broken, so the append answers StoreUnavailableError with Retry-After = the time until it will be.
import type { ShareFileClient } from '@azure/storage-file-share';
import { LRUCache } from 'lru-cache';
import { ConcurrencyError, StoreUnavailableError } from '../../errors.js';
import { isRestError } from '../azureErrors.js';

export interface LeaseGateOptions {
  /** A lease seen unchanged for this long is taken to be left behind by a crashed writer. */
  stalenessInMs: number;
  /** How long to keep retrying while another writer holds a fresh lease. */
  waitInMs: number;
}

/** What the caller learns about a file whose lease another writer holds. */
export interface BusyFile {
  etag: string;
  leased: boolean;
  metadata: Record<string, string>;
}

export interface HeldLease {
  leaseId: string;
  /** The file's ETag when the lease was granted (acquiring a lease does not change it). */
  etag: string | undefined;
}

/**
 * Called before each attempt to take the lease (without `busy`) and with the file's properties each time
 * another writer holds it; throws to give up early, e.g. once the stream has moved past the expected version.
 */
export type WaitCheck = (busy?: BusyFile) => void;

const FIRST_BACKOFF_IN_MS = 4;
const MAX_BACKOFF_IN_MS = 50;

export class LeaseGate {
  /** Per file: the ETag this process last saw it leased with, and since when (performance.now()). */
  private readonly sightings = new LRUCache<string, { etag: string; since: number }>({ max: 10_000 });
  /** Per file: the end of the local queue of writers, so writers in one process never race for the lease. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly options: LeaseGateOptions) {}

  /**
   * Runs `work` holding the file's lease, then releases it. Writers in this process queue locally first;
   * only writers in other processes contend for the lease. Throws StoreUnavailableError when another
   * writer holds a fresh lease for `waitInMs`; a missing file rejects with the SDK's 404.
   */
  async withLease<T>(
    file: ShareFileClient,
    check: WaitCheck,
    work: (lease: HeldLease) => Promise<T>,
  ): Promise<T> {
    const previous = this.queues.get(file.path) ?? Promise.resolve();
    const turn = previous.then(async () => {
      const lease = await this.acquire(file, check);
      try {
        return await work(lease);
      } finally {
        await this.release(file, lease.leaseId);
      }
    });
    const tail = turn.catch(() => undefined);
    this.queues.set(file.path, tail);
    try {
      return await turn;
    } finally {
      if (this.queues.get(file.path) === tail) this.queues.delete(file.path);
    }
  }

  // Takes the lease, waiting with jittered back-off while another writer holds it, breaking it once stale.
  private async acquire(file: ShareFileClient, check: WaitCheck): Promise<HeldLease> {
    const started = performance.now();
    for (let attempt = 0; ; attempt++) {
      check();
      try {
        const granted = await file.getShareLeaseClient().acquireLease(-1);
        this.sightings.delete(file.path);
        if (granted.leaseId === undefined)
          throw new Error(`Acquiring a lease on ${file.path} returned no id.`);
        return { leaseId: granted.leaseId, etag: granted.etag };
      } catch (error) {
        if (!isRestError(error, 409)) throw error;
      }
      const properties = await file.getProperties();
      const busy: BusyFile = {
        etag: properties.etag ?? '',
        leased: properties.leaseState === 'leased',
        metadata: properties.metadata ?? {},
      };
      check(busy);
      if (busy.leased && this.isStale(file.path, busy.etag)) {
        await this.breakLease(file);
        continue;
      }
      if (performance.now() - started >= this.options.waitInMs) {
        if (busy.leased) throw this.held(file.path);
        throw new ConcurrencyError(`Stream file ${file.path} is locked by another writer; try again.`);
      }
      if (busy.leased) await sleep(backoff(attempt));
    }
  }

  // Gives the lease back; a lease already broken by another writer needs nothing.
  private async release(file: ShareFileClient, leaseId: string): Promise<void> {
    try {
      await file.getShareLeaseClient(leaseId).releaseLease();
    } catch {
      // 409: broken meanwhile. Any other failure leaves a lease that other writers break once stale; the
      // append it guarded is committed (or not) already, so its outcome does not change.
    }
  }

  /** The answer for a lease still held after the wait: when this process will take it for abandoned. */
  private held(path: string): StoreUnavailableError {
    const staleness = this.options.stalenessInMs;
    const unchangedInMs = performance.now() - (this.sightings.get(path)?.since ?? performance.now());
    const seconds = Math.max(1, Math.ceil((staleness - unchangedInMs) / 1000));
    return new StoreUnavailableError(
      `Stream file ${path} is leased by another writer and unchanged for ${Math.round(unchangedInMs)} ms; ` +
        `a lease unchanged for ${staleness} ms is taken for abandoned and broken, in about ${seconds} s. Retry then.`,
      seconds,
    );
  }

  private isStale(path: string, etag: string): boolean {
    const now = performance.now();
    const seen = this.sightings.get(path);
    if (seen?.etag !== etag) {
      this.sightings.set(path, { etag, since: now });
      return false;
    }
    return now - seen.since >= this.options.stalenessInMs;
  }

  private async breakLease(file: ShareFileClient): Promise<void> {
    this.sightings.delete(file.path);
    try {
      await file.getShareLeaseClient().breakLease();
    } catch (error) {
      if (!isRestError(error, 409)) throw error; // 409: released meanwhile, nothing to break
    }
  }
}

// Full jitter over an exponentially growing window, so waiting writers do not retry in lock-step.
function backoff(attempt: number): number {
  const window = Math.min(MAX_BACKOFF_IN_MS, FIRST_BACKOFF_IN_MS * 2 ** attempt);
  return window / 2 + Math.random() * (window / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
