// The SMB properties a create or set-properties request carries (`x-ms-file-attributes`, the three times,
// `x-ms-file-permission` or `-permission-key`), resolved against what the file or directory had: absent or
// `preserve` keeps a value, `now` takes the request's time, as Azure does.
import * as errors from '../errors.js';
import type { FilesModel } from '../model/filesModel.js';
import type { SmbProperties, StoredShare } from '../model/types.js';
import { type FilesRequest, header } from './request.js';

const attributeNames = [
  'ReadOnly',
  'Hidden',
  'System',
  'None',
  'Directory',
  'Archive',
  'Temporary',
  'Offline',
  'NotContentIndexed',
  'NoScrubData',
] as const;

/** The security descriptor a new share's files and directories get when none is given. */
const defaultPermission =
  'O:SYG:SYD:(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1301bf;;;AU)(A;OICI;0x1200a9;;;BU)';

/** Azure's form of a time: ISO 8601 with 7 fractional digits. */
export const smbTime = (epochMs: number): string => new Date(epochMs).toISOString().replace('Z', '0000Z');

export const hasAttribute = (smb: SmbProperties, name: (typeof attributeNames)[number]): boolean =>
  smb.attributes.split(' | ').includes(name);

const parseAttributes = (value: string, kind: 'file' | 'directory'): string => {
  const given = new Set<string>();
  for (const part of value.split('|').map((item) => item.trim())) {
    const name = attributeNames.find((known) => known.toLowerCase() === part.toLowerCase());
    if (name === undefined || (name === 'Directory' && kind === 'file'))
      throw errors.invalidHeaderValue('x-ms-file-attributes');
    given.add(name);
  }
  if (kind === 'directory') given.add('Directory');
  if (given.size > 1) given.delete('None');
  return attributeNames.filter((name) => given.has(name)).join(' | ');
};

const parseTime = (request: FilesRequest, name: string, now: number): string | undefined => {
  const value = header(request, name);
  if (value === undefined || value.toLowerCase() === 'preserve') return undefined;
  if (value.toLowerCase() === 'now') return smbTime(now);
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,7}))?Z$/.exec(value);
  if (!match || Number.isNaN(Date.parse(`${match[1]}Z`))) throw errors.invalidHeaderValue(name);
  return `${match[1]}.${(match[2] ?? '').padEnd(7, '0')}Z`;
};

const permissionKeyOf = (
  model: FilesModel,
  share: StoredShare,
  request: FilesRequest,
  inherited: string | undefined,
): string | undefined => {
  const permission = header(request, 'x-ms-file-permission');
  const key = header(request, 'x-ms-file-permission-key');
  if (permission !== undefined && key !== undefined)
    throw errors.invalidHeaderValue('x-ms-file-permission (not with x-ms-file-permission-key)');
  if (key !== undefined) {
    if (!share.permissions.has(key)) throw errors.fileInvalidPermissionKey();
    return key;
  }
  if (permission === undefined || permission.toLowerCase() === 'preserve') return inherited;
  if (permission.toLowerCase() === 'inherit') return model.permissionKey(share, defaultPermission);
  if (!/^O:|^G:|^D:/.test(permission)) throw errors.invalidHeaderValue('x-ms-file-permission');
  return model.permissionKey(share, permission);
};

/**
 * The SMB properties after a request: `existing` for set-properties (undefined for a create, where
 * defaults apply: Archive for files, Directory for directories, the share's default permission).
 */
export const smbPropertiesFrom = (
  model: FilesModel,
  share: StoredShare,
  request: FilesRequest,
  kind: 'file' | 'directory',
  existing: SmbProperties | undefined,
): SmbProperties => {
  const now = model.now();
  const attributes = header(request, 'x-ms-file-attributes');
  const keepAttributes = attributes === undefined || attributes.toLowerCase() === 'preserve';
  return {
    attributes: keepAttributes
      ? (existing?.attributes ?? (kind === 'file' ? 'Archive' : 'Directory'))
      : parseAttributes(attributes, kind),
    creationTime:
      parseTime(request, 'x-ms-file-creation-time', now) ?? existing?.creationTime ?? smbTime(now),
    lastWriteTime:
      parseTime(request, 'x-ms-file-last-write-time', now) ?? existing?.lastWriteTime ?? smbTime(now),
    changeTime: parseTime(request, 'x-ms-file-change-time', now) ?? smbTime(now),
    permissionKey:
      permissionKeyOf(model, share, request, existing?.permissionKey) ??
      model.permissionKey(share, defaultPermission),
  };
};

export { defaultPermission };
