// Response headers shared by share, directory and file operations.
import { leaseView } from '../model/lease.js';
import type { Lease, Metadata, StoredEntry, StoredFile, StoredShare } from '../model/types.js';

/** ETag and Last-Modified, on every response about a resource that has them. */
export const stampHeaders = (node: { etag: string; lastModified: number }): Record<string, string> => ({
  ETag: node.etag,
  'Last-Modified': new Date(node.lastModified).toUTCString(),
});

/** `x-ms-meta-<Name>` with the name's case as stored (the prefix stays lower-case for the SDK). */
export const metadataHeaders = (metadata: Metadata): Record<string, string> =>
  Object.fromEntries(Object.entries(metadata).map(([name, value]) => [`x-ms-meta-${name}`, value]));

/** The SMB properties and ids Azure returns for files and directories. */
export const smbHeaders = (node: StoredEntry): Record<string, string> => ({
  'x-ms-file-attributes': node.smb.attributes,
  'x-ms-file-creation-time': node.smb.creationTime,
  'x-ms-file-last-write-time': node.smb.lastWriteTime,
  'x-ms-file-change-time': node.smb.changeTime,
  'x-ms-file-permission-key': node.smb.permissionKey,
  'x-ms-file-id': node.id,
  'x-ms-file-parent-id': node.parentId,
});

/** Lease status, state and duration as properties report them, at `now`. */
export const leaseHeaders = (lease: Lease | undefined, now: number): Record<string, string> => {
  const view = leaseView(lease, now);
  return {
    'x-ms-lease-status': view.status,
    'x-ms-lease-state': view.state,
    ...(view.duration === undefined ? {} : { 'x-ms-lease-duration': view.duration }),
  };
};

const copyHeaders = (file: StoredFile): Record<string, string> =>
  file.copy === undefined
    ? {}
    : {
        'x-ms-copy-id': file.copy.id,
        'x-ms-copy-source': file.copy.source,
        'x-ms-copy-status': file.copy.status,
        'x-ms-copy-progress': file.copy.progress,
        'x-ms-copy-completion-time': new Date(file.copy.completionTime).toUTCString(),
      };

/**
 * Headers describing a file, as Get Properties and Download return them. No Content-Type unless one was
 * set, as on Azure; Content-MD5 only when a client stored one.
 */
export const filePropertyHeaders = (file: StoredFile, now: number): Record<string, string> => ({
  ...file.contentHeaders,
  ...stampHeaders(file),
  ...metadataHeaders(file.metadata),
  ...smbHeaders(file),
  ...leaseHeaders(file.lease, now),
  ...copyHeaders(file),
  'x-ms-type': 'File',
  'x-ms-server-encrypted': 'true',
  'Accept-Ranges': 'bytes',
});

/** Headers describing a share, as Get Share Properties returns them. */
export const sharePropertyHeaders = (share: StoredShare, now: number): Record<string, string> => ({
  ...stampHeaders(share),
  ...metadataHeaders(share.metadata),
  ...leaseHeaders(share.lease, now),
  'x-ms-share-quota': String(share.quotaGiB),
  'x-ms-access-tier': share.accessTier,
  'x-ms-access-tier-change-time': new Date(share.accessTierChangeTime).toUTCString(),
  'x-ms-enabled-protocols': 'SMB',
});
