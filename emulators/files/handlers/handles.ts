// List Handles and Force Close Handles, on files and directories. Handles are what SMB clients hold open;
// nothing mounts this emulator over SMB, so there are never any: an empty list, and nothing closed.
import * as errors from '../errors.js';
import type { FilesModel } from '../model/filesModel.js';
import { addressOf, type FilesRequest, type FilesResponse, requiredHeader } from '../protocol/request.js';
import { xmlDocument } from '../protocol/xml.js';

export const listHandles = (model: FilesModel, request: FilesRequest): FilesResponse => {
  existing(model, request);
  return {
    status: 200,
    headers: { 'Content-Type': 'application/xml' },
    body: xmlDocument('EnumerationResults', { Entries: '', NextMarker: '' }),
  };
};

export const forceCloseHandles = (model: FilesModel, request: FilesRequest): FilesResponse => {
  existing(model, request);
  // `*` closes all; any other id names a handle that, here, does not exist: Azure closes none then too.
  requiredHeader(request, 'x-ms-handle-id');
  return {
    status: 200,
    headers: { 'x-ms-number-of-handles-closed': '0', 'x-ms-number-of-handles-failed': '0' },
  };
};

// The SDK sends a directory's handle operations without `restype=directory`: either kind is accepted.
const existing = (model: FilesModel, request: FilesRequest): void => {
  if (model.find(addressOf(request)) === undefined) throw errors.resourceNotFound();
};
