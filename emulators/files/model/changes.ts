// Every way the File service's state can change, as records. The model validates a request, then commits
// changes; `applyChange` is the only code that mutates state, so replaying the journal (persistence/)
// rebuilds exactly what clients were told. Records carry every id, ETag and time, so replay is deterministic.
import { cloneEntry, type EntryRecord, entryFrom, type ShareRecord, shareFrom } from './records.js';
import type { ByteSpan } from './sparseContent.js';
import type {
  Address,
  CopyInfo,
  FilesState,
  Lease,
  ServiceProperties,
  StoredDirectory,
  StoredEntry,
  StoredShare,
} from './types.js';

export type { EntryRecord, ShareRecord } from './records.js';

export type SharePatch = Partial<
  Pick<
    StoredShare,
    'etag' | 'lastModified' | 'metadata' | 'quotaGiB' | 'accessTier' | 'accessTierChangeTime' | 'acl'
  >
> & { lease?: Lease | null };

export type EntryPatch = Partial<
  Pick<EntryRecord, 'parentId' | 'etag' | 'lastModified' | 'metadata' | 'smb' | 'contentHeaders'>
> & { lease?: Lease | null; copy?: CopyInfo | null };

export type Change =
  | { type: 'serviceProperties'; properties: ServiceProperties }
  | { type: 'shareCreated'; share: ShareRecord }
  | { type: 'shareUpdated'; share: string; snapshot?: string; patch: SharePatch }
  | { type: 'permissionCreated'; share: string; key: string; permission: string }
  /** Without `snapshot`: the share and all its snapshots. */
  | { type: 'shareDeleted'; share: string; snapshot?: string }
  | { type: 'shareSnapshotted'; share: string; snapshot: string }
  /** A file created by a copy takes the content of `contentFrom` (read before anything is replaced). */
  | { type: 'entryCreated'; at: Address; entry: EntryRecord; contentFrom?: Address }
  | { type: 'entryUpdated'; at: Address; patch: EntryPatch }
  | { type: 'entryDeleted'; at: Address }
  | { type: 'entryMoved'; from: Address; to: Address }
  | { type: 'rangeWritten'; at: Address; offset: number; data: Buffer }
  | { type: 'rangeCleared'; at: Address; offset: number; length: number }
  | { type: 'fileResized'; at: Address; size: number }
  /** Checkpoint records: a file's written ranges, and one stored chunk. */
  | { type: 'contentRestored'; at: Address; spans: ByteSpan[] }
  | { type: 'chunkRestored'; at: Address; offset: number; data: Buffer };

export const keyOf = (name: string) => name.toLowerCase();

export const newState = (service: ServiceProperties): FilesState => ({
  service,
  shares: new Map(),
  snapshots: new Map(),
});

/** The share, or one of its snapshots. */
export const findShare = (state: FilesState, name: string, snapshot?: string): StoredShare | undefined =>
  snapshot === undefined ? state.shares.get(name) : state.snapshots.get(name)?.get(snapshot);

export const applyChange = (state: FilesState, change: Change): void => {
  switch (change.type) {
    case 'serviceProperties':
      state.service = change.properties;
      return;
    case 'shareCreated': {
      const share = shareFrom(change.share);
      if (share.snapshot === undefined) state.shares.set(share.name, share);
      else snapshotsOf(state, share.name).set(share.snapshot, share);
      return;
    }
    case 'shareUpdated': {
      const share = mustShare(state, change.share, change.snapshot);
      const { lease, ...rest } = change.patch;
      Object.assign(share, rest);
      if (lease !== undefined) share.lease = lease ?? undefined;
      return;
    }
    case 'permissionCreated':
      mustShare(state, change.share).permissions.set(change.key, change.permission);
      return;
    case 'shareDeleted':
      if (change.snapshot !== undefined) state.snapshots.get(change.share)?.delete(change.snapshot);
      else {
        state.shares.delete(change.share);
        state.snapshots.delete(change.share);
      }
      return;
    case 'shareSnapshotted': {
      const live = mustShare(state, change.share);
      const copy: StoredShare = {
        ...live,
        snapshot: change.snapshot,
        lease: undefined,
        acl: [...live.acl],
        permissions: new Map(live.permissions),
        root: cloneEntry(live.root) as StoredDirectory,
      };
      snapshotsOf(state, live.name).set(change.snapshot, copy);
      return;
    }
    case 'entryCreated': {
      const content = change.contentFrom && mustFile(state, change.contentFrom).content.clone();
      const { parent, name } = locate(state, change.at);
      const entry = entryFrom(change.entry);
      if (content && entry.kind === 'file') entry.content = content;
      parent.children.set(keyOf(name), entry);
      return;
    }
    case 'entryUpdated': {
      const entry = mustEntry(state, change.at);
      const { lease, copy, contentHeaders, ...rest } = change.patch;
      Object.assign(entry, rest);
      if (entry.kind === 'file') {
        if (contentHeaders !== undefined) entry.contentHeaders = contentHeaders;
        if (lease !== undefined) entry.lease = lease ?? undefined;
        if (copy !== undefined) entry.copy = copy ?? undefined;
      }
      return;
    }
    case 'entryDeleted': {
      const { parent, name } = locate(state, change.at);
      parent.children.delete(keyOf(name));
      return;
    }
    case 'entryMoved': {
      const from = locate(state, change.from);
      const entry = mustEntry(state, change.from);
      const to = locate(state, change.to);
      from.parent.children.delete(keyOf(from.name));
      entry.name = to.name;
      to.parent.children.set(keyOf(to.name), entry);
      return;
    }
    case 'rangeWritten':
      mustFile(state, change.at).content.write(change.offset, change.data);
      return;
    case 'rangeCleared':
      mustFile(state, change.at).content.clear(change.offset, change.length);
      return;
    case 'fileResized':
      mustFile(state, change.at).content.resize(change.size);
      return;
    case 'contentRestored':
      mustFile(state, change.at).content.restoreSpans(change.spans);
      return;
    case 'chunkRestored':
      mustFile(state, change.at).content.restoreChunk(change.offset, change.data);
      return;
  }
};

const snapshotsOf = (state: FilesState, share: string): Map<string, StoredShare> => {
  let snapshots = state.snapshots.get(share);
  if (!snapshots) {
    snapshots = new Map();
    state.snapshots.set(share, snapshots);
  }
  return snapshots;
};

// Replay meets only changes that applied once; anything else means the journal and the state disagree.
const corrupt = (what: string): Error => new Error(`Files journal does not match the state: ${what}`);

const mustShare = (state: FilesState, name: string, snapshot?: string): StoredShare => {
  const share = findShare(state, name, snapshot);
  if (!share) throw corrupt(`no share ${name}`);
  return share;
};

/** The parent directory of an address and the entry's name; the root has no parent. */
export const locate = (state: FilesState, at: Address) => {
  const share = mustShare(state, at.share, at.snapshot);
  const name = at.path.at(-1);
  if (name === undefined) throw corrupt('an empty path');
  let parent = share.root;
  for (const segment of at.path.slice(0, -1)) {
    const next = parent.children.get(keyOf(segment));
    if (next?.kind !== 'directory') throw corrupt(`no directory ${segment}`);
    parent = next;
  }
  return { parent, name };
};

const mustEntry = (state: FilesState, at: Address): StoredEntry => {
  if (at.path.length === 0) return mustShare(state, at.share, at.snapshot).root;
  const { parent, name } = locate(state, at);
  const entry = parent.children.get(keyOf(name));
  if (!entry) throw corrupt(`no entry ${at.path.join('/')}`);
  return entry;
};

const mustFile = (state: FilesState, at: Address) => {
  const entry = mustEntry(state, at);
  if (entry.kind !== 'file') throw corrupt(`${at.path.join('/')} is not a file`);
  return entry;
};
