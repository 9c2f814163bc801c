// Reading and writing a file's bytes: Put Range (`?comp=range`), Get File (download, whole or ranged, with
// `x-ms-range-get-content-md5`) and Get Range List (`?comp=rangelist`: the ranges written, sparse).
import { createHash } from 'node:crypto';
import * as errors from '../errors.js';
import type { FilesModel } from '../model/filesModel.js';
import { checkReadLease } from '../model/lease.js';
import {
  addressOf,
  booleanHeader,
  type FilesRequest,
  type FilesResponse,
  header,
  rangeHeader,
  requiredHeader,
} from '../protocol/request.js';
import { filePropertyHeaders, stampHeaders } from '../protocol/responseHeaders.js';
import { smbTime } from '../protocol/smbProperties.js';
import { xmlDocument } from '../protocol/xml.js';
import { checkFileWrite, writableAddress } from './writeAccess.js';

/** The most one Put Range may write, and the most a range MD5 may cover: 4 MiB. */
export const maxRangeBytes = 4 * 1024 * 1024;

const md5 = (data: Buffer) => createHash('md5').update(data).digest('base64');

export const putRange = (model: FilesModel, request: FilesRequest): FilesResponse => {
  if (header(request, 'x-ms-copy-source') !== undefined)
    throw errors.unsupportedOperation('Put Range From URL');
  const at = writableAddress(model, request);
  const file = model.getFile(at);
  checkFileWrite(model, file, header(request, 'x-ms-lease-id'));
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
    const sentMd5 = header(request, 'content-md5');
    headers['Content-MD5'] = md5(request.body);
    if (sentMd5 !== undefined && sentMd5 !== headers['Content-MD5']) throw errors.md5Mismatch();
    model.commit({ type: 'rangeWritten', at, offset: range.start, data: request.body });
  } else if (mode === 'clear') {
    if (request.body.length !== 0) throw errors.invalidHeaderValue('Content-Length (must be 0 to clear)');
    model.commit({ type: 'rangeCleared', at, offset: range.start, length });
  } else {
    throw errors.invalidHeaderValue('x-ms-write');
  }
  const stamp = model.stamp();
  const time = smbTime(stamp.lastModified);
  model.commit({
    type: 'entryUpdated',
    at,
    patch: { ...stamp, smb: { ...file.smb, lastWriteTime: time, changeTime: time } },
  });
  return {
    status: 201,
    headers: {
      ...headers,
      ...stampHeaders(stamp),
      'x-ms-file-last-write-time': time,
      'x-ms-request-server-encrypted': 'true',
    },
  };
};

/**
 * Whole file → 200; a range → 206 with Content-Range, clamped to the file's end. A range starting at or
 * past the end is 416 (so is any range on an empty file), as on Azure. A ranged read returns the stored
 * MD5 as `x-ms-content-md5`, and the range's own as Content-MD5 when asked.
 */
export const download = (model: FilesModel, request: FilesRequest): FilesResponse => {
  const file = model.getFile(addressOf(request));
  checkReadLease(file.lease, header(request, 'x-ms-lease-id'), model.now());
  const size = file.content.size;
  const range = rangeHeader(request);
  const rangeMd5 = booleanHeader(request, 'x-ms-range-get-content-md5');
  const properties = filePropertyHeaders(file, model.now());
  if (range === undefined) {
    if (rangeMd5) throw errors.missingRequiredHeader('x-ms-range (with x-ms-range-get-content-md5)');
    const body = file.content.read(0, size);
    return { status: 200, headers: { ...properties, 'Content-Length': String(size) }, body };
  }
  if (range.start >= size) throw errors.invalidRange();
  const end = Math.min(range.end ?? size - 1, size - 1);
  if (rangeMd5 && end - range.start + 1 > maxRangeBytes)
    throw errors.outOfRangeQueryParameterValue('x-ms-range (at most 4 MiB with x-ms-range-get-content-md5)');
  const body = file.content.read(range.start, end - range.start + 1);
  const { 'Content-MD5': storedMd5, ...rest } = properties;
  return {
    status: 206,
    headers: {
      ...rest,
      ...(storedMd5 === undefined ? {} : { 'x-ms-content-md5': storedMd5 }),
      ...(rangeMd5 ? { 'Content-MD5': md5(body) } : {}),
      'Content-Length': String(body.length),
      'Content-Range': `bytes ${range.start}-${end}/${size}`,
    },
    body,
  };
};

/** The written ranges (End inclusive), within `x-ms-range` if given. */
export const rangeList = (model: FilesModel, request: FilesRequest): FilesResponse => {
  const file = model.getFile(addressOf(request));
  checkReadLease(file.lease, header(request, 'x-ms-lease-id'), model.now());
  if (request.query.has('prevsharesnapshot'))
    throw errors.unsupportedOperation('Get Range List with prevsharesnapshot');
  const range = rangeHeader(request);
  const from = range?.start ?? 0;
  const to = Math.min(range?.end === undefined ? file.content.size : range.end + 1, file.content.size);
  const ranges = file.content
    .writtenRanges()
    .filter((span) => span.end > from && span.start < to)
    .map((span) => ({ Start: Math.max(span.start, from), End: Math.min(span.end, to) - 1 }));
  return {
    status: 200,
    headers: {
      ...stampHeaders(file),
      'x-ms-content-length': String(file.content.size),
      'Content-Type': 'application/xml',
    },
    body: xmlDocument('Ranges', ranges.length ? { Range: ranges } : ''),
  };
};
