// File operations (no `restype`): dispatch on method and `comp`, plus the ones that change a
// file's identity or properties (create, delete, metadata, resize, lease, rename). Every write passes the
// lease check first, because a lease is Azure Files' only write exclusion.
import * as errors from '../errors.js';
import { type FilesModel, touch } from '../model/filesModel.js';
import { applyLeaseAction, checkReadLease, checkWriteLease } from '../model/lease.js';
import {
  contentHeadersFrom,
  type FilesRequest,
  type FilesResponse,
  fileSizeHeader,
  header,
  operationOf,
  requiredHeader,
} from '../protocol/request.js';
import { filePropertyHeaders, smbHeaders, stampHeaders } from '../protocol/responseHeaders.js';
import { download, putRange } from './fileContentHandlers.js';
import { rename } from './renameHandler.js';

export const handleFileRequest = (
  model: FilesModel,
  request: FilesRequest,
  shareName: string,
): FilesResponse => {
  const operation = operationOf(request);
  switch (operation) {
    case 'PUT':
      return create(model, request, shareName);
    case 'PUT range':
      return putRange(model, request, shareName);
    case 'PUT metadata':
      return setMetadata(model, request, shareName);
    case 'PUT properties':
      return setProperties(model, request, shareName);
    case 'PUT lease':
      return lease(model, request, shareName);
    case 'PUT rename':
      return rename(model, request, shareName);
    case 'GET':
      return download(model, request, shareName);
    case 'HEAD':
      return getProperties(model, request, shareName);
    case 'DELETE':
      return remove(model, request, shareName);
    default:
      if (!['GET', 'HEAD', 'PUT', 'DELETE'].includes(request.method))
        throw errors.unsupportedHttpVerb(request.method);
      throw errors.unsupportedOperation(`file ${operation}`);
  }
};

const leaseIdOf = (request: FilesRequest) => header(request, 'x-ms-lease-id');

const create = (model: FilesModel, request: FilesRequest, shareName: string): FilesResponse => {
  if (requiredHeader(request, 'x-ms-type').toLowerCase() !== 'file')
    throw errors.invalidHeaderValue('x-ms-type');
  const size = fileSizeHeader(request);
  if (size === undefined) throw errors.missingRequiredHeader('x-ms-content-length');
  checkWriteLease(model.findFile(shareName, request.path), leaseIdOf(request));
  const file = model.createFile(shareName, request.path, size, request.metadata);
  file.contentHeaders = contentHeadersFrom(request);
  return { status: 201, headers: { ...stampHeaders(file), ...smbHeaders(file) } };
};

const setMetadata = (model: FilesModel, request: FilesRequest, shareName: string): FilesResponse => {
  const file = model.getFile(shareName, request.path);
  checkWriteLease(file, leaseIdOf(request));
  file.metadata = request.metadata; // Set Metadata replaces all of it
  touch(file);
  return { status: 200, headers: stampHeaders(file) };
};

// Set File Properties: resizes when `x-ms-content-length` is given (shrinking discards the tail).
const setProperties = (model: FilesModel, request: FilesRequest, shareName: string): FilesResponse => {
  const file = model.getFile(shareName, request.path);
  checkWriteLease(file, leaseIdOf(request));
  const size = fileSizeHeader(request);
  if (size !== undefined) file.content.resize(size);
  Object.assign(file.contentHeaders, contentHeadersFrom(request));
  touch(file);
  return { status: 200, headers: { ...stampHeaders(file), ...smbHeaders(file) } };
};

const getProperties = (model: FilesModel, request: FilesRequest, shareName: string): FilesResponse => {
  const file = model.getFile(shareName, request.path);
  checkReadLease(file, leaseIdOf(request));
  // Content-Length on HEAD is the file size: the SDK reads it as the file's contentLength.
  return {
    status: 200,
    headers: { ...filePropertyHeaders(file), 'Content-Length': String(file.content.size) },
  };
};

const remove = (model: FilesModel, request: FilesRequest, shareName: string): FilesResponse => {
  checkWriteLease(model.getFile(shareName, request.path), leaseIdOf(request));
  model.deleteFile(shareName, request.path);
  return { status: 202 };
};

const lease = (model: FilesModel, request: FilesRequest, shareName: string): FilesResponse => {
  const file = model.getFile(shareName, request.path);
  const outcome = applyLeaseAction(file, {
    action: header(request, 'x-ms-lease-action'),
    leaseId: leaseIdOf(request),
    proposedLeaseId: header(request, 'x-ms-proposed-lease-id'),
    duration: header(request, 'x-ms-lease-duration'),
  });
  const headers = stampHeaders(file);
  if (outcome.leaseId !== undefined) headers['x-ms-lease-id'] = outcome.leaseId;
  if (outcome.status === 202) headers['x-ms-lease-time'] = '0';
  return { status: outcome.status, headers };
};
