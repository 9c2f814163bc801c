// Share operations (`?restype=share`): create, get properties (what `exists()` calls), set properties
// (quota, access tier), set metadata, snapshot, delete (with its snapshots), and, in shareExtras.ts, the
// ACL, statistics, lease and permissions. A share snapshot is read-only: only reads and its own deletion.
import * as errors from '../errors.js';
import { type FilesModel, permissionKeyFor, rootDirectoryId } from '../model/filesModel.js';
import { checkWriteLease } from '../model/lease.js';
import { type FilesRequest, type FilesResponse, header, operationOf } from '../protocol/request.js';
import { sharePropertyHeaders, stampHeaders } from '../protocol/responseHeaders.js';
import { defaultPermission, smbTime } from '../protocol/smbProperties.js';
import { shareAcl, shareLease, sharePermission, shareStatistics } from './shareExtras.js';
import { writable } from './writeAccess.js';

// Share names: 3–63 lower-case letters, digits and single hyphens, starting and ending alphanumeric.
const shareNamePattern = /^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;
const defaultQuotaGiB = 102_400;
const maxQuotaGiB = 102_400;
const accessTiers = ['TransactionOptimized', 'Hot', 'Cool', 'Premium'];

export const handleShareRequest = (model: FilesModel, request: FilesRequest, name: string): FilesResponse => {
  const operation = operationOf(request);
  switch (operation) {
    case 'PUT':
      return create(model, request, name);
    case 'GET':
    case 'HEAD': {
      const share = model.getShare(name, request.snapshot);
      return { status: 200, headers: sharePropertyHeaders(share, model.now()) };
    }
    case 'DELETE':
      return remove(model, request, name);
    case 'PUT properties':
      return setProperties(model, request, name);
    case 'PUT metadata': {
      const share = writable(model, request, name);
      const stamp = model.stamp();
      model.commit({ type: 'shareUpdated', share: name, patch: { ...stamp, metadata: request.metadata } });
      return { status: 200, headers: stampHeaders(share) };
    }
    case 'PUT snapshot':
      return snapshot(model, request, name);
    case 'GET stats':
      return shareStatistics(model, request, name);
    case 'GET acl':
    case 'PUT acl':
      return shareAcl(model, request, name);
    case 'PUT lease':
      return shareLease(model, request, name);
    case 'PUT filepermission':
    case 'GET filepermission':
      return sharePermission(model, request, name);
    default:
      if (!['GET', 'HEAD', 'PUT', 'DELETE'].includes(request.method))
        throw errors.unsupportedHttpVerb(request.method);
      throw errors.unsupportedOperation(`share ${operation}`);
  }
};

const quotaFrom = (request: FilesRequest): number | undefined => {
  const value = header(request, 'x-ms-share-quota');
  if (value === undefined) return undefined;
  const quota = Number(value);
  if (!Number.isInteger(quota) || quota < 1 || quota > maxQuotaGiB)
    throw errors.invalidHeaderValue('x-ms-share-quota');
  return quota;
};

const accessTierFrom = (request: FilesRequest): string | undefined => {
  const value = header(request, 'x-ms-access-tier');
  if (value === undefined) return undefined;
  const tier = accessTiers.find((known) => known.toLowerCase() === value.toLowerCase());
  if (tier === undefined) throw errors.invalidHeaderValue('x-ms-access-tier');
  return tier;
};

const create = (model: FilesModel, request: FilesRequest, name: string): FilesResponse => {
  if (!shareNamePattern.test(name)) throw errors.invalidResourceName();
  if (request.snapshot !== undefined) throw errors.shareSnapshotOperationNotSupported();
  if (model.state.shares.has(name)) throw errors.shareAlreadyExists();
  const stamp = model.stamp();
  const time = smbTime(stamp.lastModified);
  const permissionKey = permissionKeyFor(defaultPermission);
  model.commit({
    type: 'shareCreated',
    share: {
      name,
      ...stamp,
      metadata: request.metadata,
      quotaGiB: quotaFrom(request) ?? defaultQuotaGiB,
      accessTier: accessTierFrom(request) ?? 'TransactionOptimized',
      accessTierChangeTime: stamp.lastModified,
      acl: [],
      permissions: [[permissionKey, defaultPermission]],
      root: {
        kind: 'directory',
        name: '',
        id: rootDirectoryId,
        parentId: '0',
        ...stamp,
        metadata: {},
        smb: {
          attributes: 'Directory',
          creationTime: time,
          lastWriteTime: time,
          changeTime: time,
          permissionKey,
        },
      },
    },
  });
  return { status: 201, headers: stampHeaders(stamp) };
};

const setProperties = (model: FilesModel, request: FilesRequest, name: string): FilesResponse => {
  writable(model, request, name);
  const quotaGiB = quotaFrom(request);
  const accessTier = accessTierFrom(request);
  const stamp = model.stamp();
  model.commit({
    type: 'shareUpdated',
    share: name,
    patch: {
      ...stamp,
      ...(quotaGiB === undefined ? {} : { quotaGiB }),
      ...(accessTier === undefined ? {} : { accessTier, accessTierChangeTime: stamp.lastModified }),
    },
  });
  return { status: 200, headers: stampHeaders(stamp) };
};

const snapshot = (model: FilesModel, request: FilesRequest, name: string): FilesResponse => {
  const share = model.writableShare(name, request.snapshot);
  const taken = model.state.snapshots.get(name);
  let time = model.now();
  // Two snapshots in one millisecond still get distinct times.
  while (taken?.has(smbTime(time))) time++;
  const snapshotTime = smbTime(time);
  model.commit({ type: 'shareSnapshotted', share: name, snapshot: snapshotTime });
  // A snapshot keeps the share's metadata unless the request gives its own.
  if (Object.keys(request.metadata).length > 0)
    model.commit({
      type: 'shareUpdated',
      share: name,
      snapshot: snapshotTime,
      patch: { metadata: request.metadata },
    });
  return { status: 201, headers: { ...stampHeaders(share), 'x-ms-snapshot': snapshotTime } };
};

const remove = (model: FilesModel, request: FilesRequest, name: string): FilesResponse => {
  if (request.snapshot !== undefined) {
    model.getShare(name, request.snapshot);
    model.commit({ type: 'shareDeleted', share: name, snapshot: request.snapshot });
    return { status: 202 };
  }
  const share = model.getShare(name);
  checkWriteLease(share.lease, header(request, 'x-ms-lease-id'), model.now(), 'share');
  const withSnapshots = header(request, 'x-ms-delete-snapshots')?.toLowerCase();
  if (withSnapshots !== undefined && !['include', 'include-leased'].includes(withSnapshots))
    throw errors.invalidHeaderValue('x-ms-delete-snapshots');
  if ((model.state.snapshots.get(name)?.size ?? 0) > 0 && withSnapshots === undefined)
    throw errors.shareHasSnapshots();
  model.commit({ type: 'shareDeleted', share: name });
  return { status: 202 };
};
