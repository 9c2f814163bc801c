// The File service's state and the one door through which it changes: handlers look things up here
// (with the service's errors for what is missing), decide, and `commit` changes, which apply to memory
// and go to the change log (the journal, when persisting). It knows the structural rules: what exists,
// parents, snapshots being read-only; protocol concerns live in the handlers.
import { createHash, randomBytes } from 'node:crypto';
import * as errors from '../errors.js';
import { applyChange, type Change, findShare, keyOf, newState } from './changes.js';
import type { Address, FilesState, StoredDirectory, StoredEntry, StoredFile, StoredShare } from './types.js';

/** Where committed changes go: nowhere (in memory) or a journal that makes them durable. */
export interface ChangeLog {
  append(change: Change): void;
  /** Resolves once everything appended so far is durable. */
  durable(): Promise<void>;
}

export const memoryOnly: ChangeLog = { append: () => {}, durable: () => Promise.resolve() };

/** The root directory's file id, as Azure reports it. */
export const rootDirectoryId = '13835128424026341376';

export class FilesModel {
  private lastEtag = 0n;

  constructor(
    readonly state: FilesState = newState({}),
    private log: ChangeLog = memoryOnly,
    /** Epoch ms; injectable so lease expiry can be tested without waiting. */
    readonly now: () => number = Date.now,
  ) {}

  /** Starts recording changes in `log` (after a replay has rebuilt the state). */
  recordTo(log: ChangeLog): void {
    this.log = log;
  }

  commit(...changes: Change[]): void {
    for (const change of changes) {
      applyChange(this.state, change);
      this.log.append(change);
    }
  }

  durable(): Promise<void> {
    return this.log.durable();
  }

  /** A fresh, strictly increasing ETag in Azure's quoted hex style (100 ns ticks, like Azure's). */
  nextEtag(): string {
    const now = BigInt(this.now()) * 10_000n;
    this.lastEtag = now > this.lastEtag ? now : this.lastEtag + 1n;
    return `"0x${this.lastEtag.toString(16).toUpperCase()}"`;
  }

  /** A new 64-bit file id in Azure's decimal form. */
  newFileId(): string {
    return (randomBytes(8).readBigUInt64BE() >> 2n).toString();
  }

  getShare(name: string, snapshot?: string): StoredShare {
    const share = findShare(this.state, name, snapshot);
    if (!share) throw errors.shareNotFound();
    return share;
  }

  /** The live share, for an operation that changes it (snapshots are read-only). */
  writableShare(name: string, snapshot?: string): StoredShare {
    if (snapshot !== undefined) {
      this.getShare(name, snapshot);
      throw errors.shareSnapshotOperationNotSupported();
    }
    return this.getShare(name);
  }

  /** The entry at an address, if its parent exists; errors say which part is missing. */
  find(at: Address): StoredEntry | undefined {
    if (at.path.length === 0) return this.getShare(at.share, at.snapshot).root;
    return this.locate(at).entry;
  }

  getDirectory(at: Address): StoredDirectory {
    const entry = this.find(at);
    if (entry?.kind !== 'directory') throw errors.resourceNotFound();
    return entry;
  }

  findFile(at: Address): StoredFile | undefined {
    const entry = this.find(at);
    if (entry?.kind === 'directory') throw errors.resourceTypeMismatch();
    return entry;
  }

  getFile(at: Address): StoredFile {
    const file = this.findFile(at);
    if (!file) throw errors.resourceNotFound();
    return file;
  }

  /** The parent directory of a path (which must name an entry, not the root), its name, and the entry. */
  locate(at: Address): { parent: StoredDirectory; name: string; entry: StoredEntry | undefined } {
    const share = this.getShare(at.share, at.snapshot);
    const name = at.path.at(-1);
    if (name === undefined) throw errors.invalidUri('A file or directory name is required.');
    let parent = share.root;
    for (const segment of at.path.slice(0, -1)) {
      const next = parent.children.get(keyOf(segment));
      if (next?.kind !== 'directory') throw errors.parentNotFound();
      parent = next;
    }
    return { parent, name, entry: parent.children.get(keyOf(name)) };
  }

  /** The permission key for a security descriptor, created in the share if new (Create Permission). */
  permissionKey(share: StoredShare, permission: string): string {
    const key = permissionKeyFor(permission);
    if (!share.permissions.has(key))
      this.commit({ type: 'permissionCreated', share: share.name, key, permission });
    return key;
  }

  /** ETag and Last-Modified for a change made now. */
  stamp(): { etag: string; lastModified: number } {
    return { etag: this.nextEtag(), lastModified: this.now() };
  }
}

/** Azure's permission keys look like `<64-bit number>*<number>`; the same descriptor gets the same key. */
export const permissionKeyFor = (permission: string): string =>
  `${createHash('sha256').update(permission).digest().readBigUInt64BE() >> 1n}*1`;
