// The File service's state as plain data: shares (and their snapshots) holding a tree of directories and
// files, each with the SMB properties, metadata and leases Azure keeps. Changes (changes.ts) are the only
// way it moves, so the same code serves a live request and a replay of the journal.
import type { SparseContent } from './sparseContent.js';

/** Metadata names keep the case the client sent; lookups on them are case-insensitive on Azure. */
export type Metadata = Record<string, string>;

/** Standard content headers stored with a file (`x-ms-content-type` → `Content-Type` on reads). */
export type ContentHeaders = Partial<Record<ContentHeaderName, string>>;
export type ContentHeaderName =
  | 'Content-Type'
  | 'Content-Encoding'
  | 'Content-Language'
  | 'Cache-Control'
  | 'Content-Disposition'
  | 'Content-MD5';

/** SMB properties, times as Azure writes them (ISO 8601 with 7 fractional digits). */
export interface SmbProperties {
  /** Canonical attribute list, e.g. `ReadOnly | Archive`; directories always include `Directory`. */
  attributes: string;
  creationTime: string;
  lastWriteTime: string;
  changeTime: string;
  permissionKey: string;
}

/**
 * A lease as stored: its state moves with time (a finite lease expires, a breaking one becomes broken),
 * so the moments are kept and the state read through `leaseView` (lease.ts).
 */
export interface Lease {
  id: string;
  /** Seconds, -1 for infinite. */
  durationSeconds: number;
  state: 'leased' | 'breaking' | 'broken';
  /** Epoch ms: when a finite lease expires, or when a breaking one is broken. */
  until?: number;
}

export interface CopyInfo {
  id: string;
  source: string;
  status: 'success' | 'aborted';
  progress: string;
  completionTime: number;
}

interface NodeBase {
  /** The name as created; the tree is keyed case-insensitively because Azure Files is. */
  name: string;
  id: string;
  parentId: string;
  etag: string;
  lastModified: number;
  metadata: Metadata;
  smb: SmbProperties;
}

export interface StoredDirectory extends NodeBase {
  kind: 'directory';
  children: Map<string, StoredEntry>;
}

export interface StoredFile extends NodeBase {
  kind: 'file';
  content: SparseContent;
  contentHeaders: ContentHeaders;
  lease: Lease | undefined;
  copy: CopyInfo | undefined;
}

export type StoredEntry = StoredDirectory | StoredFile;

export interface AccessPolicy {
  start?: string;
  expiry?: string;
  permission?: string;
}

export interface SignedIdentifier {
  id: string;
  accessPolicy: AccessPolicy;
}

export interface ShareProperties {
  quotaGiB: number;
  accessTier: string;
  accessTierChangeTime: number;
}

export interface StoredShare extends ShareProperties {
  name: string;
  /** The snapshot's time (`x-ms-snapshot`), for a share snapshot. */
  snapshot: string | undefined;
  etag: string;
  lastModified: number;
  metadata: Metadata;
  acl: SignedIdentifier[];
  lease: Lease | undefined;
  /** Security descriptors by permission key (Create Permission / Get Permission). */
  permissions: Map<string, string>;
  root: StoredDirectory;
}

/** Service properties as the XML elements they come in (HourMetrics, MinuteMetrics, Cors, ProtocolSettings). */
export type ServiceProperties = Record<string, unknown>;

export interface FilesState {
  service: ServiceProperties;
  shares: Map<string, StoredShare>;
  /** Share snapshots by share name, then by snapshot time. */
  snapshots: Map<string, Map<string, StoredShare>>;
}

/** Where a change applies: a share (or one of its snapshots) and a path in it. */
export interface Address {
  share: string;
  snapshot?: string;
  path: string[];
}
