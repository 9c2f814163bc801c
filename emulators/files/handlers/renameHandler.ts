// Rename File (`PUT {destination}?comp=rename`): the one atomic "create only if absent" Azure Files offers,
// since Create File replaces an existing file. With `x-ms-file-rename-replace-if-exists: false` an existing
// destination is 409 ResourceAlreadyExists, so a file prepared under a temporary name can claim its real
// name exclusively.
import * as errors from '../errors.js';
import type { FilesModel } from '../model/filesModel.js';
import { checkWriteLease } from '../model/lease.js';
import { type FilesRequest, type FilesResponse, header, requiredHeader } from '../protocol/request.js';
import { smbHeaders, stampHeaders } from '../protocol/responseHeaders.js';

const sourceHeader = 'x-ms-file-rename-source';

export const rename = (model: FilesModel, request: FilesRequest, shareName: string): FilesResponse => {
  const [sourceShare, ...sourcePath] = sourceSegments(requiredHeader(request, sourceHeader), request.account);
  if (sourceShare !== shareName || sourcePath.length === 0)
    throw errors.invalidHeaderValue(`${sourceHeader} (must name a file in the same share)`);
  const replaceIfExists = booleanHeader(request, 'x-ms-file-rename-replace-if-exists');
  const source = model.getFile(shareName, sourcePath);
  checkWriteLease(source, header(request, 'x-ms-source-lease-id'));
  const existing = model.findFile(shareName, request.path);
  if (existing !== undefined && existing !== source && replaceIfExists)
    checkWriteLease(existing, header(request, 'x-ms-destination-lease-id'));
  const file = model.renameFile(shareName, sourcePath, request.path, replaceIfExists);
  // Metadata and content type given with the rename replace the file's; otherwise they move unchanged.
  if (Object.keys(request.metadata).length > 0) file.metadata = request.metadata;
  const contentType = header(request, 'x-ms-content-type');
  if (contentType !== undefined) file.contentHeaders['Content-Type'] = contentType;
  return {
    status: 200,
    headers: { ...stampHeaders(file), ...smbHeaders(file), 'x-ms-request-server-encrypted': 'true' },
  };
};

/**
 * SDK 12.31's `ShareFileClient.rename` builds the destination URL with `setURLPath(url, '/{share}/{path}')`,
 * which drops the account segment of a path-style (emulator) URL, and signs that URL as sent. Against Azure
 * (account in the host name) the URL is right. So a rename whose path lacks the account, while its source
 * URL names this account, is read as if the account were there.
 */
export const withRenameAccount = (request: FilesRequest, accountName: string): FilesRequest => {
  if (request.query.get('comp') !== 'rename' || request.account === accountName) return request;
  const source = header(request, sourceHeader);
  if (request.shareName === undefined || source === undefined) return request;
  if (pathSegments(source)[0] !== accountName) return request;
  return {
    ...request,
    account: accountName,
    shareName: request.account,
    path: [request.shareName, ...request.path],
  };
};

// The source is a full URL (possibly with a SAS query) or a path; a path-style URL starts with the account.
const sourceSegments = (source: string, accountName: string): string[] => {
  const segments = pathSegments(source);
  return segments[0] === accountName ? segments.slice(1) : segments;
};

const pathSegments = (urlOrPath: string): string[] => {
  try {
    return new URL(urlOrPath, 'http://emulator').pathname
      .split('/')
      .filter((segment) => segment !== '')
      .map(decodeURIComponent);
  } catch {
    throw errors.invalidHeaderValue(sourceHeader);
  }
};

const booleanHeader = (request: FilesRequest, name: string): boolean => {
  const value = header(request, name)?.toLowerCase();
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw errors.invalidHeaderValue(name);
};
