// Directory operations (`?restype=directory`): create, get properties, set properties (SMB attributes,
// times, permission), set metadata, delete (empty ones only), rename, List Directories and Files, and the
// handle operations.
import * as errors from '../errors.js';
import type { FilesModel } from '../model/filesModel.js';
import { addressOf, type FilesRequest, type FilesResponse, operationOf } from '../protocol/request.js';
import { metadataHeaders, smbHeaders, stampHeaders } from '../protocol/responseHeaders.js';
import { smbPropertiesFrom } from '../protocol/smbProperties.js';
import { forceCloseHandles, listHandles } from './handles.js';
import { listDirectory } from './listing.js';
import { rename } from './renameHandler.js';
import { writableAddress } from './writeAccess.js';

export const handleDirectoryRequest = (model: FilesModel, request: FilesRequest): FilesResponse => {
  const operation = operationOf(request);
  switch (operation) {
    case 'PUT':
      return create(model, request);
    case 'GET':
    case 'HEAD': {
      const directory = model.getDirectory(addressOf(request));
      return {
        status: 200,
        headers: {
          ...stampHeaders(directory),
          ...metadataHeaders(directory.metadata),
          ...smbHeaders(directory),
        },
      };
    }
    case 'PUT metadata': {
      const at = writableAddress(model, request);
      model.getDirectory(at);
      const stamp = model.stamp();
      model.commit({ type: 'entryUpdated', at, patch: { ...stamp, metadata: request.metadata } });
      return { status: 200, headers: stampHeaders(stamp) };
    }
    case 'PUT properties': {
      const at = writableAddress(model, request);
      const directory = model.getDirectory(at);
      const share = model.getShare(at.share);
      const smb = smbPropertiesFrom(model, share, request, 'directory', directory.smb);
      model.commit({ type: 'entryUpdated', at, patch: { ...model.stamp(), smb } });
      return { status: 200, headers: { ...stampHeaders(directory), ...smbHeaders(directory) } };
    }
    case 'DELETE': {
      const at = writableAddress(model, request);
      if (at.path.length === 0) throw errors.invalidUri('The root directory cannot be deleted.');
      if (model.getDirectory(at).children.size > 0) throw errors.directoryNotEmpty();
      model.commit({ type: 'entryDeleted', at });
      return { status: 202 };
    }
    case 'GET list':
      return listDirectory(model, request);
    case 'PUT rename':
      return rename(model, request, 'directory');
    case 'GET listhandles':
      return listHandles(model, request);
    case 'PUT forceclosehandles':
      return forceCloseHandles(model, request);
    default:
      if (!['GET', 'HEAD', 'PUT', 'DELETE'].includes(request.method))
        throw errors.unsupportedHttpVerb(request.method);
      throw errors.unsupportedOperation(`directory ${operation}`);
  }
};

/** The address of a change: the live share only (snapshots are read-only). */

const create = (model: FilesModel, request: FilesRequest): FilesResponse => {
  const at = writableAddress(model, request);
  const { parent, name, entry } = model.locate(at);
  if (entry)
    throw entry.kind === 'directory' ? errors.resourceAlreadyExists() : errors.resourceTypeMismatch();
  const smb = smbPropertiesFrom(model, model.getShare(at.share), request, 'directory', undefined);
  const stamp = model.stamp();
  model.commit({
    type: 'entryCreated',
    at,
    entry: {
      kind: 'directory',
      name,
      id: model.newFileId(),
      parentId: parent.id,
      ...stamp,
      metadata: request.metadata,
      smb,
    },
  });
  return { status: 201, headers: { ...stampHeaders(stamp), ...smbHeaders(model.getDirectory(at)) } };
};
