// The emulator's view of an HTTP request: the path split into account, share and path segments,
// plus the header parsing several operations share (metadata, ranges, sizes, content headers).
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import * as errors from '../errors.js';
import type { Address, ContentHeaderName, ContentHeaders, Metadata } from '../model/types.js';

export interface FilesRequest {
  method: string;
  /** Path and query exactly as sent, which is what SharedKey signs. */
  url: string;
  host: string;
  account: string;
  /** Undefined for service-level requests (`/{account}`). */
  shareName: string | undefined;
  /**
   * Decoded directory/file segments below the share; empty for the share or its root directory. Trailing
   * dots are trimmed from each, as Azure does, unless the client sent `x-ms-allow-trailing-dot: true`.
   */
  path: string[];
  /** The share snapshot addressed (`sharesnapshot=`), if any. */
  snapshot: string | undefined;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Metadata names as the client cased them (Node lower-cases `req.headers`, not `rawHeaders`). */
  metadata: Metadata;
  body: Buffer;
}

export interface FilesResponse {
  status: number;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

/** The parts of an incoming request the emulator reads (a copy source's URL is parsed the same way). */
export type RequestLike = Pick<IncomingMessage, 'method' | 'url' | 'headers' | 'rawHeaders'>;

export const parseRequest = (req: RequestLike, body: Buffer): FilesRequest => {
  const url = req.url ?? '/';
  const parsed = new URL(url, 'http://emulator');
  let segments: string[];
  try {
    segments = parsed.pathname
      .split('/')
      .filter((segment) => segment !== '')
      .map(decodeURIComponent);
  } catch {
    throw errors.invalidUri('The path is not valid percent-encoding.');
  }
  const [account = '', shareName, ...sentPath] = segments;
  const path = req.headers['x-ms-allow-trailing-dot'] === 'true' ? sentPath : sentPath.map(trimTrailingDots);
  return {
    method: req.method ?? 'GET',
    url,
    host: req.headers.host ?? 'localhost',
    account,
    shareName,
    path,
    snapshot: parsed.searchParams.get('sharesnapshot') ?? undefined,
    query: parsed.searchParams,
    headers: req.headers,
    metadata: metadataFrom(req.rawHeaders),
    body,
  };
};

/** Azure drops trailing dots from names unless told not to; a name of dots only is left alone. */
export const trimTrailingDots = (name: string): string => name.replace(/\.+$/, '') || name;

/** Where a request points: its share (or snapshot) and path. */
export const addressOf = (request: FilesRequest): Address => ({
  share: request.shareName ?? '',
  ...(request.snapshot === undefined ? {} : { snapshot: request.snapshot }),
  path: request.path,
});

const metadataPrefix = 'x-ms-meta-';
// Azure metadata names must be valid C# identifiers.
const metadataName = /^[A-Za-z_][A-Za-z0-9_]*$/;

const metadataFrom = (rawHeaders: readonly string[]): Metadata => {
  const metadata: Metadata = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] ?? '';
    if (!name.toLowerCase().startsWith(metadataPrefix)) continue;
    const key = name.slice(metadataPrefix.length);
    if (!metadataName.test(key)) throw errors.invalidMetadata(key);
    metadata[key] = rawHeaders[i + 1] ?? '';
  }
  return metadata;
};

/** The operation a handler dispatches on: the method and the `comp` query value, e.g. `PUT range`. */
export const operationOf = (request: FilesRequest): string =>
  `${request.method} ${request.query.get('comp') ?? ''}`.trim();

/** A single-valued request header, or undefined when absent. */
export const header = (request: FilesRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export const requiredHeader = (request: FilesRequest, name: string): string => {
  const value = header(request, name);
  if (value === undefined) throw errors.missingRequiredHeader(name);
  return value;
};

/** Azure Files' largest file: 4 TiB. */
export const maxFileSize = 4 * 1024 ** 4;

/** A file size from `x-ms-content-length`. */
export const fileSizeHeader = (request: FilesRequest): number | undefined => {
  const value = header(request, 'x-ms-content-length');
  if (value === undefined) return undefined;
  const size = Number(value);
  if (!/^\d+$/.test(value) || size > maxFileSize) throw errors.invalidHeaderValue('x-ms-content-length');
  return size;
};

export interface ByteRange {
  start: number;
  /** Inclusive; undefined for an open range (`bytes=10-`). */
  end: number | undefined;
}

/** The byte range of `x-ms-range`, falling back to the standard `Range` header. */
export const rangeHeader = (request: FilesRequest): ByteRange | undefined => {
  const name = header(request, 'x-ms-range') !== undefined ? 'x-ms-range' : 'range';
  const value = header(request, name);
  if (value === undefined) return undefined;
  const match = /^bytes=(\d+)-(\d*)$/.exec(value.trim());
  if (!match) throw errors.invalidHeaderValue(name);
  const start = Number(match[1]);
  const end = match[2] ? Number(match[2]) : undefined;
  if (end !== undefined && end < start) throw errors.invalidRange();
  return { start, end };
};

const contentHeaderSources: Record<string, ContentHeaderName> = {
  'x-ms-content-type': 'Content-Type',
  'x-ms-content-encoding': 'Content-Encoding',
  'x-ms-content-language': 'Content-Language',
  'x-ms-cache-control': 'Cache-Control',
  'x-ms-content-disposition': 'Content-Disposition',
  'x-ms-content-md5': 'Content-MD5',
};

/** The `x-ms-content-*` / `x-ms-cache-control` headers a create or set-properties sets. */
export const contentHeadersFrom = (request: FilesRequest): ContentHeaders => {
  const result: ContentHeaders = {};
  for (const [source, target] of Object.entries(contentHeaderSources)) {
    const value = header(request, source);
    if (value !== undefined) result[target] = value;
  }
  return result;
};

/** A `true`/`false` header; absent is `false`. */
export const booleanHeader = (request: FilesRequest, name: string): boolean => {
  const value = header(request, name)?.toLowerCase();
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw errors.invalidHeaderValue(name);
};
