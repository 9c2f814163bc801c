// Directory operations (`?restype=directory`): create, get properties, set metadata, delete, and
// List Directories and Files (`&comp=list`), which pages with an opaque marker.
import * as errors from '../errors.js';
import { type FilesModel, touch } from '../model/filesModel.js';
import { type FilesRequest, type FilesResponse, operationOf } from '../protocol/request.js';
import { metadataHeaders, smbHeaders, stampHeaders } from '../protocol/responseHeaders.js';
import { listingXml } from '../protocol/xml.js';

const maxPageSize = 5000;

export const handleDirectoryRequest = (
  model: FilesModel,
  request: FilesRequest,
  shareName: string,
): FilesResponse => {
  const operation = operationOf(request);
  switch (operation) {
    case 'PUT': {
      const directory = model.createDirectory(shareName, request.path, request.metadata);
      return { status: 201, headers: { ...stampHeaders(directory), ...smbHeaders(directory) } };
    }
    case 'GET':
    case 'HEAD': {
      const directory = model.getDirectory(shareName, request.path);
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
      const directory = model.getDirectory(shareName, request.path);
      directory.metadata = request.metadata;
      touch(directory);
      return { status: 200, headers: stampHeaders(directory) };
    }
    case 'DELETE':
      model.deleteDirectory(shareName, request.path);
      return { status: 202 };
    case 'GET list':
      return list(model, request, shareName);
    default:
      if (!['GET', 'HEAD', 'PUT', 'DELETE'].includes(request.method))
        throw errors.unsupportedHttpVerb(request.method);
      throw errors.unsupportedOperation(`directory ${operation}`);
  }
};

const list = (model: FilesModel, request: FilesRequest, shareName: string): FilesResponse => {
  const directory = model.getDirectory(shareName, request.path);
  const prefix = request.query.get('prefix') ?? undefined;
  const marker = request.query.get('marker') ?? undefined;
  const maxResultsText = request.query.get('maxresults');
  const maxResults = maxResultsText === null ? undefined : Number(maxResultsText);
  if (maxResults !== undefined && !(Number.isInteger(maxResults) && maxResults > 0)) {
    throw errors.outOfRangeQueryParameterValue('maxresults');
  }
  const page = model.list(
    directory,
    prefix ?? '',
    marker ?? '',
    Math.min(maxResults ?? maxPageSize, maxPageSize),
  );
  const body = listingXml({
    serviceEndpoint: `http://${request.host}/${request.account}/`,
    shareName,
    directoryPath: request.path.join('/'),
    prefix,
    marker,
    maxResults,
    page,
  });
  return { status: 200, headers: { 'Content-Type': 'application/xml' }, body };
};
