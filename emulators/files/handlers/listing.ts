// List Directories and Files (`?restype=directory&comp=list`): name order, an opaque marker for paging,
// a prefix, and the `include` options (Timestamps, ETag, Attributes, PermissionKey) with
// `x-ms-file-extended-info: true`, which also adds the directory's own id.

import * as errors from '../errors.js';
import { keyOf } from '../model/changes.js';
import type { FilesModel } from '../model/filesModel.js';
import type { StoredEntry } from '../model/types.js';
import { addressOf, booleanHeader, type FilesRequest, type FilesResponse } from '../protocol/request.js';
import { pagedList, wrapped, type XmlElement, xmlDocument } from '../protocol/xml.js';

const maxPageSize = 5000;
const includeOptions = ['timestamps', 'etag', 'attributes', 'permissionkey'];

/** `maxresults`, at most 5,000 (also the default). */
export const maxResultsOf = (request: FilesRequest): number => {
  const text = request.query.get('maxresults');
  if (text === null) return maxPageSize;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw errors.outOfRangeQueryParameterValue('maxresults');
  return Math.min(value, maxPageSize);
};

export const listDirectory = (model: FilesModel, request: FilesRequest): FilesResponse => {
  const directory = model.getDirectory(addressOf(request));
  const prefix = request.query.get('prefix') ?? undefined;
  const marker = request.query.get('marker') ?? undefined;
  const maxResults = maxResultsOf(request);
  const include = new Set((request.query.get('include') ?? '').toLowerCase().split(',').filter(Boolean));
  for (const option of include)
    if (!includeOptions.includes(option)) throw errors.invalidQueryParameterValue('include');
  const extended = booleanHeader(request, 'x-ms-file-extended-info');
  const lowerPrefix = keyOf(prefix ?? '');
  const lowerMarker = keyOf(marker ?? '');
  const matching = [...directory.children.entries()]
    .filter(([key]) => key.startsWith(lowerPrefix) && key >= lowerMarker)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, entry]) => entry);
  const page = matching.slice(0, maxResults);
  const item = (entry: StoredEntry) => entryItem(entry, include);
  const body = xmlDocument('EnumerationResults', {
    '@ServiceEndpoint': `http://${request.host}/${request.account}/`,
    '@ShareName': request.shareName,
    ...(request.snapshot === undefined ? {} : { '@ShareSnapshot': request.snapshot }),
    '@DirectoryPath': request.path.join('/'),
    ...pagedList(
      { prefix, marker, maxResults: request.query.has('maxresults') ? maxResults : undefined },
      {
        Entries: wrapped({
          Directory: page.filter((entry) => entry.kind === 'directory').map(item),
          File: page.filter((entry) => entry.kind === 'file').map(item),
        }),
      },
      matching[maxResults]?.name ?? '',
    ),
    ...(extended ? { DirectoryId: directory.id } : {}),
  });
  return { status: 200, headers: { 'Content-Type': 'application/xml' }, body };
};

const entryItem = (entry: StoredEntry, include: Set<string>): XmlElement => {
  const timestamps = include.has('timestamps')
    ? {
        CreationTime: entry.smb.creationTime,
        LastAccessTime: entry.smb.lastWriteTime,
        LastWriteTime: entry.smb.lastWriteTime,
        ChangeTime: entry.smb.changeTime,
        'Last-Modified': new Date(entry.lastModified).toUTCString(),
      }
    : {};
  const properties = {
    ...(entry.kind === 'file' ? { 'Content-Length': entry.content.size } : {}),
    ...timestamps,
    ...(include.has('etag') ? { Etag: entry.etag } : {}),
  };
  return {
    Name: entry.name,
    FileId: entry.id,
    Properties: Object.keys(properties).length ? properties : '',
    ...(include.has('attributes') ? { Attributes: entry.smb.attributes } : {}),
    ...(include.has('permissionkey') ? { PermissionKey: entry.smb.permissionKey } : {}),
  };
};
