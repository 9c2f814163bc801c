// Rename File and Rename Directory (`PUT {destination}?comp=rename`). For files it is the one atomic
// "create only if absent" Azure Files offers, since Create File replaces an existing file: with
// `x-ms-file-rename-replace-if-exists: false` an existing destination is 409 ResourceAlreadyExists, so a
// file prepared under a temporary name can claim its real name exclusively. A directory moves with all it
// holds; it never replaces anything.
import * as errors from '../errors.js';
import type { FilesModel } from '../model/filesModel.js';
import { checkWriteLease } from '../model/lease.js';
import type { Address, StoredEntry } from '../model/types.js';
import {
  booleanHeader,
  contentHeadersFrom,
  type FilesRequest,
  type FilesResponse,
  header,
  requiredHeader,
  trimTrailingDots,
} from '../protocol/request.js';
import { smbHeaders, stampHeaders } from '../protocol/responseHeaders.js';
import { hasAttribute, smbPropertiesFrom } from '../protocol/smbProperties.js';
import { writableAddress } from './writeAccess.js';

const sourceHeader = 'x-ms-file-rename-source';

export const rename = (
  model: FilesModel,
  request: FilesRequest,
  kind: 'file' | 'directory',
): FilesResponse => {
  const to = writableAddress(model, request);
  const [sourceShare, ...sentSource] = sourceSegments(requiredHeader(request, sourceHeader), request.account);
  if (sourceShare !== to.share || sentSource.length === 0)
    throw errors.invalidHeaderValue(`${sourceHeader} (must name a ${kind} in the same share)`);
  const allowDot = header(request, 'x-ms-source-allow-trailing-dot') === 'true';
  const from: Address = { share: to.share, path: allowDot ? sentSource : sentSource.map(trimTrailingDots) };
  const replaceIfExists = booleanHeader(request, 'x-ms-file-rename-replace-if-exists');
  const source = model.find(from);
  if (source === undefined) throw errors.resourceNotFound();
  if (source.kind !== kind) throw errors.resourceTypeMismatch();
  if (source.kind === 'file')
    checkWriteLease(source.lease, header(request, 'x-ms-source-lease-id'), model.now());
  const target = model.locate(to);
  const existing = target.entry;
  if (existing !== undefined && existing !== source) {
    if (existing.kind === 'directory' || kind === 'directory') throw errors.resourceAlreadyExists();
    if (!replaceIfExists) throw errors.resourceAlreadyExists();
    checkWriteLease(existing.lease, header(request, 'x-ms-destination-lease-id'), model.now());
    if (hasAttribute(existing.smb, 'ReadOnly') && !booleanHeader(request, 'x-ms-file-rename-ignore-readonly'))
      throw errors.readOnlyAttribute();
  }
  if (kind === 'directory' && isWithin(target.parent, source))
    throw errors.invalidHeaderValue(`${sourceHeader} (a directory cannot move into itself)`);
  // Everything the request could be refused for is checked before the move is committed.
  const smb = smbPropertiesFrom(model, model.getShare(to.share), request, kind, source.smb);
  model.commit({ type: 'entryMoved', from, to });
  const moved = model.find(to) as StoredEntry;
  // Metadata, SMB properties and (for files) a content type given with the rename replace the entry's.
  const contentType = header(request, 'x-ms-content-type');
  const contentHeaders =
    moved.kind === 'file' && contentType !== undefined
      ? { contentHeaders: { ...moved.contentHeaders, ...contentHeadersFrom(request) } }
      : {};
  model.commit({
    type: 'entryUpdated',
    at: to,
    patch: {
      ...model.stamp(),
      parentId: target.parent.id,
      smb,
      ...(Object.keys(request.metadata).length > 0 ? { metadata: request.metadata } : {}),
      ...contentHeaders,
    },
  });
  return {
    status: 200,
    headers: { ...stampHeaders(moved), ...smbHeaders(moved), 'x-ms-request-server-encrypted': 'true' },
  };
};

// Is `directory` the moving entry or inside it?
const isWithin = (directory: StoredEntry, moving: StoredEntry): boolean => {
  const walk = (node: StoredEntry): boolean =>
    node === directory || (node.kind === 'directory' && [...node.children.values()].some(walk));
  return walk(moving);
};
/**
 * SDK 12.31's `rename` (files and directories) builds the destination URL with `setURLPath(url,
 * '/{share}/{path}')`, which drops the account segment of a path-style (emulator) URL, and signs that URL as
 * sent. Against Azure (account in the host name) the URL is right. So a rename whose path lacks the
 * account, while its source URL names this account, is read as if the account were there.
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
