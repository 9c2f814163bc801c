// Response headers shared by share, directory and file operations.
import type { Metadata, StoredDirectory, StoredFile, StoredShare } from '../model/filesModel.js';

/** ETag and Last-Modified, on every response about a resource that has them. */
export const stampHeaders = (node: StoredShare | StoredDirectory | StoredFile): Record<string, string> => ({
  ETag: node.etag,
  'Last-Modified': node.lastModified.toUTCString(),
});

/** `x-ms-meta-<Name>` with the name's case as stored (the prefix stays lower-case for the SDK). */
export const metadataHeaders = (metadata: Metadata): Record<string, string> =>
  Object.fromEntries(Object.entries(metadata).map(([name, value]) => [`x-ms-meta-${name}`, value]));

// Azure writes SMB times with 7 fractional digits.
const smbTime = (date: Date): string => date.toISOString().replace('Z', '0000Z');

/** The SMB properties Azure returns for files and directories; the SDK parses but never needs them. */
export const smbHeaders = (node: StoredDirectory | StoredFile): Record<string, string> => ({
  'x-ms-file-attributes': node.kind === 'file' ? 'Archive' : 'Directory',
  'x-ms-file-creation-time': smbTime(node.created),
  'x-ms-file-last-write-time': smbTime(node.lastModified),
  'x-ms-file-change-time': smbTime(node.lastModified),
  'x-ms-file-id': node.id,
  'x-ms-file-permission-key': 'emulator-default-permission',
});

/** Lease state as File properties report it (file leases are always infinite). */
export const leaseHeaders = (file: StoredFile): Record<string, string> =>
  file.leaseId === undefined
    ? { 'x-ms-lease-status': 'unlocked', 'x-ms-lease-state': 'available' }
    : { 'x-ms-lease-status': 'locked', 'x-ms-lease-state': 'leased', 'x-ms-lease-duration': 'infinite' };

/** Headers describing a file, as Get Properties and Download return them. */
export const filePropertyHeaders = (file: StoredFile): Record<string, string> => ({
  'Content-Type': 'application/octet-stream',
  ...file.contentHeaders,
  ...stampHeaders(file),
  ...metadataHeaders(file.metadata),
  ...smbHeaders(file),
  ...leaseHeaders(file),
  'x-ms-type': 'File',
  'Accept-Ranges': 'bytes',
});
