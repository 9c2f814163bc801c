// Routes a parsed request to the share, directory or file handlers, the way the File service tells
// them apart: by `restype` and by how deep the path goes.

import * as errors from '../errors.js';
import type { FilesModel } from '../model/filesModel.js';
import type { FilesRequest, FilesResponse } from '../protocol/request.js';
import { handleDirectoryRequest } from './directoryHandlers.js';
import { handleFileRequest } from './fileHandlers.js';
import { withRenameAccount } from './renameHandler.js';
import { handleShareRequest } from './shareHandlers.js';

export const route = (model: FilesModel, sent: FilesRequest, accountName: string): FilesResponse => {
  const request = withRenameAccount(sent, accountName);
  if (request.account !== accountName) throw errors.invalidUri(`Unknown account '${request.account}'.`);
  const restype = request.query.get('restype');
  const shareName = request.shareName;
  if (shareName === undefined) throw errors.unsupportedOperation(`service-level ${request.method}`);
  if (restype === 'share') {
    if (request.path.length > 0)
      throw errors.invalidUri('restype=share addresses a share, not a path in it.');
    return handleShareRequest(model, request, shareName);
  }
  if (restype === 'directory') return handleDirectoryRequest(model, request, shareName);
  if (restype !== null) throw errors.unsupportedOperation(`restype=${restype}`);
  if (request.path.length === 0) throw errors.invalidUri('A file path is required.');
  return handleFileRequest(model, request, shareName);
};
