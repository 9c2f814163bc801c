// Routes a parsed request to the service, share, directory or file handlers, the way the File service
// tells them apart: by how deep the path goes and by `restype`.
import * as errors from '../errors.js';
import type { FilesModel } from '../model/filesModel.js';
import type { FilesRequest, FilesResponse } from '../protocol/request.js';
import type { SourceAuthorizer } from './copyHandler.js';
import { handleDirectoryRequest } from './directoryHandlers.js';
import { handleFileRequest } from './fileHandlers.js';
import { withRenameAccount } from './renameHandler.js';
import { handleServiceRequest } from './serviceHandlers.js';
import { handleShareRequest } from './shareHandlers.js';

export interface RouteContext {
  accountName: string;
  /** Checks a SAS carried by a copy source URL. */
  authorizeCopySource: SourceAuthorizer;
}

export const route = (model: FilesModel, sent: FilesRequest, context: RouteContext): FilesResponse => {
  const request = withRenameAccount(sent, context.accountName);
  if (request.account !== context.accountName)
    throw errors.invalidUri(`Unknown account '${request.account}'.`);
  const restype = request.query.get('restype');
  const shareName = request.shareName;
  if (shareName === undefined) return handleServiceRequest(model, request);
  if (restype === 'share') {
    if (request.path.length > 0)
      throw errors.invalidUri('restype=share addresses a share, not a path in it.');
    return handleShareRequest(model, request, shareName);
  }
  if (restype === 'directory') return handleDirectoryRequest(model, request);
  if (restype !== null) throw errors.unsupportedOperation(`restype=${restype}`);
  if (request.path.length === 0) throw errors.invalidUri('A file path is required.');
  return handleFileRequest(model, request, context.authorizeCopySource);
};
