// Reading and writing a file's bytes: Put Range (`?comp=range`) and Get File (download).
import { createHash } from 'node:crypto';
import * as errors from '../errors.js';
import { type FilesModel, touch } from '../model/filesModel.js';
import { checkReadLease, checkWriteLease } from '../model/lease.js';
import {
  type FilesRequest,
  type FilesResponse,
  header,
  rangeHeader,
  requiredHeader,
} from '../protocol/request.js';
import { filePropertyHeaders, stampHeaders } from '../protocol/responseHeaders.js';

/** The most one Put Range may write: 4 MiB. */
export const maxRangeBytes = 4 * 1024 * 1024;

export const putRange = (model: FilesModel, request: FilesRequest, shareName: string): FilesResponse => {
  const file = model.getFile(shareName, request.path);
  checkWriteLease(file, header(request, 'x-ms-lease-id'));
  const mode = requiredHeader(request, 'x-ms-write').toLowerCase();
  const range = rangeHeader(request);
  if (range?.end === undefined) throw errors.missingRequiredHeader('x-ms-range (bytes=start-end)');
  const length = range.end - range.start + 1;
  if (mode === 'update' && length > maxRangeBytes) throw errors.requestBodyTooLarge(maxRangeBytes);
  // Put Range never grows a file: the writer resizes first.
  if (range.end >= file.content.size) throw errors.invalidRange();
  const headers: Record<string, string> = {};
  if (mode === 'update') {
    if (request.body.length !== length)
      throw errors.invalidHeaderValue('Content-Length (must equal the range length)');
    file.content.write(range.start, request.body);
    headers['Content-MD5'] = createHash('md5').update(request.body).digest('base64');
  } else if (mode === 'clear') {
    if (request.body.length !== 0) throw errors.invalidHeaderValue('Content-Length (must be 0 to clear)');
    file.content.clear(range.start, length);
  } else {
    throw errors.invalidHeaderValue('x-ms-write');
  }
  touch(file);
  return {
    status: 201,
    headers: { ...headers, ...stampHeaders(file), 'x-ms-request-server-encrypted': 'true' },
  };
};

/**
 * Whole file → 200; a range → 206 with Content-Range, clamped to the file's end. A range starting
 * at or past the end is 416 (so is any range on an empty file), as on Azure.
 */
export const download = (model: FilesModel, request: FilesRequest, shareName: string): FilesResponse => {
  const file = model.getFile(shareName, request.path);
  checkReadLease(file, header(request, 'x-ms-lease-id'));
  const size = file.content.size;
  const range = rangeHeader(request);
  if (range === undefined) {
    const body = file.content.read(0, size);
    return { status: 200, headers: { ...filePropertyHeaders(file), 'Content-Length': String(size) }, body };
  }
  if (range.start >= size) throw errors.invalidRange();
  const end = Math.min(range.end ?? size - 1, size - 1);
  const body = file.content.read(range.start, end - range.start + 1);
  return {
    status: 206,
    headers: {
      ...filePropertyHeaders(file),
      'Content-Length': String(body.length),
      'Content-Range': `bytes ${range.start}-${end}/${size}`,
    },
    body,
  };
};
