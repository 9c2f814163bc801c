// The journal on disk: records are appended to one file and made durable with fdatasync before anything they
// stand for is acknowledged. Records of one event-loop turn go out together, and while one batch is being
// written the next one gathers (group commit), so a thousand sends in flight cost a few syncs, not a thousand.
import { type FileHandle, open } from 'node:fs/promises';
import type { NamespaceDefinitions } from '../definitions.js';
import type { StoredMessage } from '../model/entry.js';
import type { Journal } from '../model/journal.js';
import { type JournalRecord, putRecord } from './records.js';

interface Batch {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

const newBatch = (): Batch => {
  let resolve = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  // A failed batch is reported to whoever waits for it; no waiter must not crash the process.
  promise.catch(() => {});
  return { promise, resolve, reject };
};

export class FileJournal implements Journal {
  readonly persistent = true;
  private pending: string[] = [];
  /** What `durable()` waits on for records not yet written. */
  private nextBatch: Batch | undefined;
  private writing: Promise<void> | undefined;
  private flushScheduled = false;

  private constructor(private readonly file: FileHandle) {}

  static async open(path: string): Promise<FileJournal> {
    return new FileJournal(await open(path, 'a'));
  }

  putMessage(path: string, message: StoredMessage): void {
    this.append(putRecord(path, message));
  }

  deleteMessage(path: string, sequenceNumber: number): void {
    this.append({ t: 'del', p: path, s: sequenceNumber });
  }

  rememberMessageId(entity: string, key: string, seenAt: number, sequenceNumber: number): void {
    this.append({ t: 'seen', p: entity, k: key, at: seenAt, s: sequenceNumber });
  }

  sessionState(path: string, sessionId: string, state: Buffer | undefined): void {
    this.append({ t: 'state', p: path, id: sessionId, v: state ? state.toString('base64') : null });
  }

  definitions(definitions: NamespaceDefinitions): void {
    this.append({ t: 'defs', v: definitions });
  }

  durable(): Promise<void> {
    if (this.pending.length > 0) {
      this.nextBatch ??= newBatch();
      return this.nextBatch.promise;
    }
    return this.writing ?? Promise.resolve();
  }

  async close(): Promise<void> {
    await this.durable().catch(() => {});
    await this.file.close();
  }

  private append(record: JournalRecord): void {
    this.pending.push(JSON.stringify(record));
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.writing) return;
    this.flushScheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const lines = this.pending;
    this.pending = [];
    const batch = this.nextBatch ?? newBatch();
    this.nextBatch = undefined;
    this.writing = batch.promise;
    try {
      await this.file.write(`${lines.join('\n')}\n`);
      await this.file.datasync();
      batch.resolve();
    } catch (error) {
      batch.reject(error);
    }
    this.writing = undefined;
    if (this.pending.length > 0) this.scheduleFlush();
  }
}
