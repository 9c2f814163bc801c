// Converting between the stored tree and the plain records changes carry: a created entry or share, the
// properties a checkpoint writes, and the deep copy a share snapshot takes (content shared copy-on-write).
import { SparseContent } from './sparseContent.js';
import type {
  ContentHeaders,
  CopyInfo,
  Lease,
  Metadata,
  ShareProperties,
  SignedIdentifier,
  SmbProperties,
  StoredDirectory,
  StoredEntry,
  StoredShare,
} from './types.js';

export interface EntryRecord {
  kind: 'directory' | 'file';
  name: string;
  id: string;
  parentId: string;
  etag: string;
  lastModified: number;
  metadata: Metadata;
  smb: SmbProperties;
  size?: number;
  contentHeaders?: ContentHeaders;
  lease?: Lease;
  copy?: CopyInfo;
}

export interface ShareRecord extends ShareProperties {
  name: string;
  snapshot?: string;
  etag: string;
  lastModified: number;
  metadata: Metadata;
  acl: SignedIdentifier[];
  lease?: Lease;
  permissions: [string, string][];
  root: EntryRecord;
}

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
