// Copy File (`PUT` with `x-ms-copy-source`) from another file of this account, a share snapshot's included,
// and Abort Copy File (`?comp=copy`). Copies here complete before the response, so the answer is 202 with
// `x-ms-copy-status: success`, and aborting finds nothing pending (409 NoPendingCopyOperation), as Azure
// answers for a copy that has finished.
import { randomUUID } from 'node:crypto';
import * as errors from '../errors.js';
import type { FilesModel } from '../model/filesModel.js';
import type { Address, SmbProperties, StoredFile, StoredShare } from '../model/types.js';
import {
  type FilesRequest,
  type FilesResponse,
  header,
  requiredHeader,
  trimTrailingDots,
} from '../protocol/request.js';
import { stampHeaders } from '../protocol/responseHeaders.js';
import { smbPropertiesFrom } from '../protocol/smbProperties.js';
import { checkFileWrite, writableAddress } from './writeAccess.js';

/** Checks the SAS a copy source URL carries, if any (the request itself is already authorized). */
export type SourceAuthorizer = (source: URL) => void;

export const startCopy = (
  model: FilesModel,
  request: FilesRequest,
  authorize: SourceAuthorizer,
): FilesResponse => {
  const sourceText = requiredHeader(request, 'x-ms-copy-source');
  const from = sourceAddress(sourceText, request, authorize);
  const source = model.findFile(from);
  if (source === undefined) throw errors.cannotVerifyCopySource('The source file does not exist.');
  const at = writableAddress(model, request);
  const { parent, name, entry } = model.locate(at);
  if (entry?.kind === 'directory') throw errors.resourceTypeMismatch();
  const ignoreReadOnly = header(request, 'x-ms-file-copy-ignore-readonly')?.toLowerCase() === 'true';
  checkFileWrite(model, entry, header(request, 'x-ms-lease-id'), !ignoreReadOnly);
  const stamp = model.stamp();
  const copy = {
    id: randomUUID(),
    source: sourceText,
    status: 'success' as const,
    completionTime: stamp.lastModified,
  };
  const size = source.content.size;
  model.commit({
    type: 'entryCreated',
    at,
    contentFrom: from,
    entry: {
      kind: 'file',
      name: entry?.name ?? name,
      id: model.newFileId(),
      parentId: parent.id,
      ...stamp,
      // Metadata given with the copy replaces the source's; otherwise the source's is copied.
      metadata: Object.keys(request.metadata).length > 0 ? request.metadata : { ...source.metadata },
      smb: copiedSmb(model, request, at, { file: source, share: model.getShare(from.share, from.snapshot) }),
      size,
      contentHeaders: { ...source.contentHeaders },
      copy: { ...copy, progress: `${size}/${size}` },
      ...(entry?.lease === undefined ? {} : { lease: entry.lease }),
    },
  });
  return {
    status: 202,
    headers: { ...stampHeaders(stamp), 'x-ms-copy-id': copy.id, 'x-ms-copy-status': 'success' },
  };
};

export const abortCopy = (model: FilesModel, request: FilesRequest): FilesResponse => {
  if (requiredHeader(request, 'x-ms-copy-action').toLowerCase() !== 'abort')
    throw errors.invalidHeaderValue('x-ms-copy-action');
  const at = writableAddress(model, request);
  const file = model.getFile(at);
  checkFileWrite(model, file, header(request, 'x-ms-lease-id'), false);
  if (!request.query.get('copyid')) throw errors.missingRequiredQueryParameter('copyid');
  throw errors.noPendingCopyOperation();
};

// The source is a URL of this account (path-style: /{account}/{share}/{path}), perhaps of a share snapshot
// and perhaps with a SAS; another account or host cannot be reached from here.
const sourceAddress = (text: string, request: FilesRequest, authorize: SourceAuthorizer): Address => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw errors.invalidHeaderValue('x-ms-copy-source');
  }
  const [account, share, ...sentPath] = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (account !== request.account || share === undefined || sentPath.length === 0)
    throw errors.cannotVerifyCopySource('The source must be a file of this account.');
  if (url.searchParams.has('sig')) authorize(url);
  const allowDot = header(request, 'x-ms-source-allow-trailing-dot') === 'true';
  const snapshot = url.searchParams.get('sharesnapshot');
  return {
    share,
    ...(snapshot === null ? {} : { snapshot }),
    path: allowDot ? sentPath : sentPath.map(trimTrailingDots),
  };
};

// `x-ms-file-permission-copy-mode: source` and `source` for attributes or times take the source's values;
// otherwise the request's, or a new file's defaults.
const copiedSmb = (
  model: FilesModel,
  request: FilesRequest,
  at: Address,
  { file: source, share: sourceShare }: { file: StoredFile; share: StoredShare },
): SmbProperties => {
  const fromSource = (name: string) => header(request, name)?.toLowerCase() === 'source';
  const headers = { ...request.headers };
  for (const name of [
    'x-ms-file-attributes',
    'x-ms-file-creation-time',
    'x-ms-file-last-write-time',
    'x-ms-file-change-time',
  ])
    if (fromSource(name)) delete headers[name];
  const share = model.getShare(at.share);
  const smb = smbPropertiesFrom(model, share, { ...request, headers }, 'file', undefined);
  // The source's permission, under the key it has (or gets) in the destination share.
  const sourcePermission = sourceShare.permissions.get(source.smb.permissionKey);
  const sourceKey = () =>
    sourcePermission === undefined ? smb.permissionKey : model.permissionKey(share, sourcePermission);
  return {
    attributes: fromSource('x-ms-file-attributes') ? source.smb.attributes : smb.attributes,
    creationTime: fromSource('x-ms-file-creation-time') ? source.smb.creationTime : smb.creationTime,
    lastWriteTime: fromSource('x-ms-file-last-write-time') ? source.smb.lastWriteTime : smb.lastWriteTime,
    changeTime: fromSource('x-ms-file-change-time') ? source.smb.changeTime : smb.changeTime,
    permissionKey: fromSource('x-ms-file-permission-copy-mode') ? sourceKey() : smb.permissionKey,
  };
};
