// What a request needs from a SAS: which scope it touches (service, share, directory, file), the account
// SAS resource types that cover it (`srt`: s service, c share, o directory or file) and the permissions any
// one of which allows it (`sp`: r read, l list, c create, w write, d delete).
import { type FilesRequest, operationOf } from '../protocol/request.js';

export interface SasAccess {
  scope: 'service' | 'share' | 'directory' | 'file';
  accountResourceTypes: string;
  permissions: string;
}

const reads = new Set([
  'GET',
  'HEAD',
  'GET properties',
  'GET stats',
  'GET acl',
  'GET filepermission',
  'GET rangelist',
]);

export const requiredAccess = (request: FilesRequest): SasAccess => {
  const operation = operationOf(request);
  const restype = request.query.get('restype');
  const permissions = permissionFor(request.method, operation);
  if (request.shareName === undefined) return { scope: 'service', accountResourceTypes: 's', permissions };
  if (restype === 'share') return { scope: 'share', accountResourceTypes: 'c', permissions };
  if (operation === 'GET list') return { scope: 'directory', accountResourceTypes: 'co', permissions: 'l' };
  return { scope: restype === 'directory' ? 'directory' : 'file', accountResourceTypes: 'o', permissions };
};

const permissionFor = (method: string, operation: string): string => {
  if (operation === 'GET list' || operation === 'GET listhandles') return 'l';
  if (reads.has(operation)) return 'r';
  if (method === 'DELETE') return 'd';
  if (operation === 'PUT') return 'cw';
  return 'w';
};
