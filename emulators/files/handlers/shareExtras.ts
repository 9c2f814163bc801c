// The rest of a share's operations: its stored access policies (ACL, up to five signed identifiers, which
// service SAS tokens may name), statistics (bytes used), the share lease (15–60 s or infinite, with break
// periods), and security descriptors by permission key (Create / Get Permission).
import * as errors from '../errors.js';
import type { FilesModel } from '../model/filesModel.js';
import { leaseAction } from '../model/lease.js';
import type { SignedIdentifier, StoredDirectory } from '../model/types.js';
import {
  type FilesRequest,
  type FilesResponse,
  header,
  operationOf,
  requiredHeader,
} from '../protocol/request.js';
import { stampHeaders } from '../protocol/responseHeaders.js';
import { parseXmlBody, type XmlElement, xmlDocument } from '../protocol/xml.js';
import { writable } from './writeAccess.js';

const maxSignedIdentifiers = 5;
const xml = { 'Content-Type': 'application/xml' };

/** Share usage in bytes: the sum of file sizes, as Azure's (approximate) figure counts them. */
export const shareStatistics = (model: FilesModel, request: FilesRequest, name: string): FilesResponse => {
  const share = model.getShare(name, request.snapshot);
  const usage = (directory: StoredDirectory): number =>
    [...directory.children.values()].reduce(
      (sum, entry) => sum + (entry.kind === 'file' ? entry.content.size : usage(entry)),
      0,
    );
  return {
    status: 200,
    headers: { ...stampHeaders(share), ...xml },
    body: xmlDocument('ShareStats', { ShareUsageBytes: usage(share.root) }),
  };
};

export const shareAcl = (model: FilesModel, request: FilesRequest, name: string): FilesResponse => {
  if (request.method === 'GET') {
    const share = model.getShare(name, request.snapshot);
    const identifiers = share.acl.map((identifier) => ({
      Id: identifier.id,
      AccessPolicy: {
        ...(identifier.accessPolicy.start === undefined ? {} : { Start: identifier.accessPolicy.start }),
        ...(identifier.accessPolicy.expiry === undefined ? {} : { Expiry: identifier.accessPolicy.expiry }),
        ...(identifier.accessPolicy.permission === undefined
          ? {}
          : { Permission: identifier.accessPolicy.permission }),
      },
    }));
    const body = xmlDocument(
      'SignedIdentifiers',
      identifiers.length ? { SignedIdentifier: identifiers } : '',
    );
    return { status: 200, headers: { ...stampHeaders(share), ...xml }, body };
  }
  writable(model, request, name);
  const acl = parseAcl(request.body);
  const stamp = model.stamp();
  model.commit({ type: 'shareUpdated', share: name, patch: { ...stamp, acl } });
  return { status: 200, headers: stampHeaders(stamp) };
};

const parseAcl = (body: Buffer): SignedIdentifier[] => {
  if (body.length === 0) return [];
  const root = parseXmlBody(body, 'SignedIdentifiers');
  const items = (root.SignedIdentifier ?? []) as XmlElement[];
  if (items.length > maxSignedIdentifiers)
    throw errors.invalidXmlDocument(`At most ${maxSignedIdentifiers} signed identifiers are allowed.`);
  return items.map((item) => {
    const id = item.Id;
    if (typeof id !== 'string' || id.length === 0 || id.length > 64)
      throw errors.invalidXmlDocument('Each signed identifier needs an Id of 1 to 64 characters.');
    const policy = (item.AccessPolicy ?? {}) as Record<string, string>;
    return {
      id,
      accessPolicy: {
        ...(policy.Start ? { start: policy.Start } : {}),
        ...(policy.Expiry ? { expiry: policy.Expiry } : {}),
        ...(policy.Permission ? { permission: policy.Permission } : {}),
      },
    };
  });
};

export const shareLease = (model: FilesModel, request: FilesRequest, name: string): FilesResponse => {
  const share = model.getShare(name, request.snapshot);
  const outcome = leaseAction(
    share.lease,
    {
      action: header(request, 'x-ms-lease-action'),
      leaseId: header(request, 'x-ms-lease-id'),
      proposedLeaseId: header(request, 'x-ms-proposed-lease-id'),
      duration: header(request, 'x-ms-lease-duration'),
      breakPeriod: header(request, 'x-ms-lease-break-period'),
    },
    'share',
    model.now(),
  );
  model.commit({
    type: 'shareUpdated',
    share: name,
    ...(request.snapshot === undefined ? {} : { snapshot: request.snapshot }),
    patch: { lease: outcome.lease ?? null },
  });
  return { status: outcome.status, headers: { ...stampHeaders(share), ...outcome.headers } };
};

export const sharePermission = (model: FilesModel, request: FilesRequest, name: string): FilesResponse => {
  if (operationOf(request) === 'GET filepermission') {
    const share = model.getShare(name, request.snapshot);
    const permission = share.permissions.get(requiredHeader(request, 'x-ms-file-permission-key'));
    if (permission === undefined) throw errors.fileInvalidPermissionKey();
    return {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ permission, format: 'Sddl' }),
    };
  }
  const share = model.writableShare(name, request.snapshot);
  let permission: unknown;
  try {
    permission = (JSON.parse(request.body.toString('utf8')) as { permission?: unknown }).permission;
  } catch {
    permission = undefined;
  }
  if (typeof permission !== 'string' || !/^O:|^G:|^D:/.test(permission))
    throw errors.invalidHeaderValue('permission (an SDDL security descriptor in the JSON body)');
  const key = model.permissionKey(share, permission);
  return { status: 201, headers: { 'x-ms-file-permission-key': key } };
};
