// The write-ahead journal behind `--persist`: changes are appended to one file and made durable with
// fdatasync before any response goes out (the server awaits `durable()`), so a kill -9 at any moment loses
// nothing a client was told. Appends that arrive while a sync runs share the next one (group commit).
// When the file outgrows the live data, it is compacted: a checkpoint is written beside it, synced and
// renamed over it, in one synchronous step that no request can interleave with.
import { closeSync, fdatasync, fsyncSync, openSync, renameSync, write as writeFd, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import type { Change } from '../model/changes.js';
import type { ChangeLog } from '../model/filesModel.js';
import type { FilesState } from '../model/types.js';
import { checkpointChanges } from './checkpoint.js';
import { encodeChange } from './codec.js';

const writeAsync = promisify(writeFd);
const datasyncAsync = promisify(fdatasync);

export interface JournalFiles {
  journal: string;
  temporary: string;
  folder: string;
}

interface Waiter {
  upTo: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class Journal implements ChangeLog {
  private pending: Buffer[] = [];
  private appended = 0;
  private synced = 0;
  private waiters: Waiter[] = [];
  private flushing = false;
  private failure: Error | undefined;
  private compactedSize: number;

  constructor(
    private readonly files: JournalFiles,
    private fd: number,
    private size: number,
    private readonly state: FilesState,
    /** Compact when the journal is past this and twice what the last compaction left. */
    private readonly compactAtBytes: number,
  ) {
    this.compactedSize = size;
  }

  append(change: Change): void {
    this.pending.push(encodeChange(change));
    this.appended++;
    if (!this.flushing) {
      this.flushing = true;
      setImmediate(() => void this.flush());
    }
  }

  durable(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.synced >= this.appended) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ upTo: this.appended, resolve, reject }));
  }

  /** Waits for what is pending, then closes the file. */
  async close(): Promise<void> {
    await this.durable().catch(() => {});
    closeSync(this.fd);
  }

  private async flush(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = Buffer.concat(this.pending);
        const upTo = this.appended;
        this.pending = [];
        for (let done = 0; done < batch.length; )
          done += (await writeAsync(this.fd, batch, done, batch.length - done)).bytesWritten;
        await datasyncAsync(this.fd);
        this.size += batch.length;
        this.synced = upTo;
        this.settle();
        if (this.size > Math.max(this.compactAtBytes, 2 * this.compactedSize)) this.compact();
      }
    } catch (error) {
      // The state in memory is now ahead of the disk: refuse to acknowledge anything from here on.
      this.failure = new Error(`The Files journal could not be written: ${(error as Error).message}`);
      for (const waiter of this.waiters.splice(0)) waiter.reject(this.failure);
    } finally {
      this.flushing = false;
    }
  }

  private settle(): void {
    const ready = this.waiters.filter((waiter) => waiter.upTo <= this.synced);
    this.waiters = this.waiters.filter((waiter) => waiter.upTo > this.synced);
    for (const waiter of ready) waiter.resolve();
  }

  // The state in memory already holds the changes still pending, so the checkpoint covers them too: once it
  // is in place they are durable without being appended.
  private compact(): void {
    const upTo = this.appended;
    this.pending = [];
    const fd = openSync(this.files.temporary, 'w');
    let size = 0;
    let batch: Buffer[] = [];
    let batchBytes = 0;
    const writeBatch = () => {
      const buffer = Buffer.concat(batch);
      for (let done = 0; done < buffer.length; ) done += writeSync(fd, buffer, done, buffer.length - done);
      size += buffer.length;
      batch = [];
      batchBytes = 0;
    };
    for (const change of checkpointChanges(this.state)) {
      const record = encodeChange(change);
      batch.push(record);
      batchBytes += record.length;
      if (batchBytes > 4 * 1024 * 1024) writeBatch();
    }
    writeBatch();
    fsyncSync(fd);
    closeSync(fd);
    renameSync(this.files.temporary, this.files.journal);
    syncFolder(this.files.folder);
    closeSync(this.fd);
    this.fd = openSync(this.files.journal, 'a');
    this.size = size;
    this.compactedSize = size;
    this.synced = upTo;
    this.settle();
  }
}

/** Makes a rename or a new file in `folder` durable. */
export const syncFolder = (folder: string): void => {
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};
