// Converting between the stored tree and the plain records changes carry: a created entry or share, the
// properties a checkpoint writes, and the deep copy a share snapshot takes (content shared copy-on-write).
import type { EntryRecord, ShareRecord } from './changes.js';
import { SparseContent } from './sparseContent.js';
import type { StoredDirectory, StoredEntry, StoredShare } from './types.js';

/** The record that recreates an entry's properties (not its children or content). */
export const entryRecord = (entry: StoredEntry): EntryRecord => {
  const {
    children: _c,
    content: _content,
    ...rest
  } = entry as StoredEntry & {
    children?: unknown;
    content?: SparseContent;
  };
  const base = structuredClone(rest) as EntryRecord;
  if (entry.kind === 'file') base.size = entry.content.size;
  return base;
};

export const shareRecord = (share: StoredShare): ShareRecord => {
  const { root, permissions, lease, snapshot, ...rest } = share;
  return {
    ...structuredClone(rest),
    ...(snapshot === undefined ? {} : { snapshot }),
    ...(lease === undefined ? {} : { lease: { ...lease } }),
    permissions: [...permissions],
    root: entryRecord(root),
  };
};

export const shareFrom = (record: ShareRecord): StoredShare => {
  const { permissions, root, ...rest } = structuredClone(record);
  return {
    ...rest,
    snapshot: record.snapshot,
    lease: record.lease,
    permissions: new Map(permissions),
    root: entryFrom(root) as StoredDirectory,
  };
};

export const entryFrom = (record: EntryRecord): StoredEntry => {
  const { size, contentHeaders, lease, copy, kind, ...rest } = structuredClone(record);
  if (kind === 'directory') return { ...rest, kind, children: new Map() };
  return {
    ...rest,
    kind,
    content: new SparseContent(size ?? 0),
    contentHeaders: contentHeaders ?? {},
    lease,
    copy,
  };
};

export const cloneEntry = (entry: StoredEntry): StoredEntry => {
  if (entry.kind === 'file')
    return {
      ...structuredClone({ ...entry, content: undefined }),
      content: entry.content.clone(),
      lease: undefined,
    };
  const children = new Map([...entry.children].map(([key, child]) => [key, cloneEntry(child)]));
  return { ...structuredClone({ ...entry, children: undefined }), children };
};
