// File operations (no `restype`): dispatch on method and `comp`, plus the ones that change a file's
// identity or properties (create, delete, metadata, properties, lease). Every write passes the lease check
// first, because a lease is Azure Files' only write exclusion; writes to data also meet the ReadOnly
// attribute, as on Azure (set properties stays allowed, so the attribute can be cleared).
import * as errors from '../errors.js';
import type { FilesModel } from '../model/filesModel.js';
import { checkReadLease, leaseAction } from '../model/lease.js';
import {
  addressOf,
  contentHeadersFrom,
  type FilesRequest,
  type FilesResponse,
  fileSizeHeader,
  header,
  operationOf,
  requiredHeader,
} from '../protocol/request.js';
import { filePropertyHeaders, smbHeaders, stampHeaders } from '../protocol/responseHeaders.js';
import { smbPropertiesFrom } from '../protocol/smbProperties.js';
import { abortCopy, type SourceAuthorizer, startCopy } from './copyHandler.js';
import { download, putRange, rangeList } from './fileContentHandlers.js';
import { forceCloseHandles, listHandles } from './handles.js';
import { rename } from './renameHandler.js';
import { checkFileWrite, writableAddress } from './writeAccess.js';

export const handleFileRequest = (
  model: FilesModel,
  request: FilesRequest,
  authorizeCopySource: SourceAuthorizer,
): FilesResponse => {
  const operation = operationOf(request);
  switch (operation) {
    case 'PUT':
      return header(request, 'x-ms-copy-source') === undefined
        ? create(model, request)
        : startCopy(model, request, authorizeCopySource);
    case 'PUT range':
      return putRange(model, request);
    case 'PUT metadata':
      return setMetadata(model, request);
    case 'PUT properties':
      return setProperties(model, request);
    case 'PUT lease':
      return lease(model, request);
    case 'PUT rename':
      return rename(model, request, 'file');
    case 'PUT copy':
      return abortCopy(model, request);
    case 'GET':
      return download(model, request);
    case 'GET rangelist':
      return rangeList(model, request);
    case 'GET listhandles':
      return listHandles(model, request);
    case 'PUT forceclosehandles':
      return forceCloseHandles(model, request);
    case 'HEAD':
    case 'GET properties':
      return getProperties(model, request);
    case 'DELETE':
      return remove(model, request);
    default:
      if (!['GET', 'HEAD', 'PUT', 'DELETE'].includes(request.method))
        throw errors.unsupportedHttpVerb(request.method);
      throw errors.unsupportedOperation(`file ${operation}`);
  }
};

const leaseIdOf = (request: FilesRequest) => header(request, 'x-ms-lease-id');

const create = (model: FilesModel, request: FilesRequest): FilesResponse => {
  if (requiredHeader(request, 'x-ms-type').toLowerCase() !== 'file')
    throw errors.invalidHeaderValue('x-ms-type');
  const size = fileSizeHeader(request);
  if (size === undefined) throw errors.missingRequiredHeader('x-ms-content-length');
  const at = writableAddress(model, request);
  const { parent, name, entry } = model.locate(at);
  if (entry?.kind === 'directory') throw errors.resourceTypeMismatch();
  checkFileWrite(model, entry, leaseIdOf(request));
  const smb = smbPropertiesFrom(model, model.getShare(at.share), request, 'file', undefined);
  const stamp = model.stamp();
  model.commit({
    type: 'entryCreated',
    at,
    entry: {
      kind: 'file',
      name: entry?.name ?? name,
      id: model.newFileId(),
      parentId: parent.id,
      ...stamp,
      metadata: request.metadata,
      smb,
      size,
      contentHeaders: contentHeadersFrom(request),
      // A replaced file keeps its lease: the lease holder did the replace.
      ...(entry?.lease === undefined ? {} : { lease: entry.lease }),
    },
  });
  return {
    status: 201,
    headers: {
      ...stampHeaders(stamp),
      ...smbHeaders(model.getFile(at)),
      'x-ms-request-server-encrypted': 'true',
    },
  };
};

const setMetadata = (model: FilesModel, request: FilesRequest): FilesResponse => {
  const at = writableAddress(model, request);
  checkFileWrite(model, model.getFile(at), leaseIdOf(request), false);
  const stamp = model.stamp();
  model.commit({ type: 'entryUpdated', at, patch: { ...stamp, metadata: request.metadata } });
  return { status: 200, headers: { ...stampHeaders(stamp), 'x-ms-request-server-encrypted': 'true' } };
};

// Set File Properties: resizes when `x-ms-content-length` is given (shrinking discards the tail); content
// headers, when any is given, replace the stored ones (those not given are cleared, as on Azure).
const setProperties = (model: FilesModel, request: FilesRequest): FilesResponse => {
  const at = writableAddress(model, request);
  const file = model.getFile(at);
  const size = fileSizeHeader(request);
  checkFileWrite(model, file, leaseIdOf(request), size !== undefined && size !== file.content.size);
  const contentHeaders = contentHeadersFrom(request);
  const smb = smbPropertiesFrom(model, model.getShare(at.share), request, 'file', file.smb);
  if (size !== undefined) model.commit({ type: 'fileResized', at, size });
  model.commit({
    type: 'entryUpdated',
    at,
    patch: { ...model.stamp(), smb, ...(Object.keys(contentHeaders).length > 0 ? { contentHeaders } : {}) },
  });
  return {
    status: 200,
    headers: { ...stampHeaders(file), ...smbHeaders(file), 'x-ms-request-server-encrypted': 'true' },
  };
};

const getProperties = (model: FilesModel, request: FilesRequest): FilesResponse => {
  const file = model.getFile(addressOf(request));
  checkReadLease(file.lease, leaseIdOf(request), model.now());
  // Content-Length on HEAD is the file size: the SDK reads it as the file's contentLength.
  return {
    status: 200,
    headers: { ...filePropertyHeaders(file, model.now()), 'Content-Length': String(file.content.size) },
  };
};

const remove = (model: FilesModel, request: FilesRequest): FilesResponse => {
  const at = writableAddress(model, request);
  checkFileWrite(model, model.getFile(at), leaseIdOf(request));
  model.commit({ type: 'entryDeleted', at });
  return { status: 202 };
};

const lease = (model: FilesModel, request: FilesRequest): FilesResponse => {
  const at = writableAddress(model, request);
  const file = model.getFile(at);
  const outcome = leaseAction(
    file.lease,
    {
      action: header(request, 'x-ms-lease-action'),
      leaseId: leaseIdOf(request),
      proposedLeaseId: header(request, 'x-ms-proposed-lease-id'),
      duration: header(request, 'x-ms-lease-duration'),
      breakPeriod: undefined,
    },
    'file',
    model.now(),
  );
  model.commit({ type: 'entryUpdated', at, patch: { lease: outcome.lease ?? null } });
  return { status: outcome.status, headers: { ...stampHeaders(file), ...outcome.headers } };
};
