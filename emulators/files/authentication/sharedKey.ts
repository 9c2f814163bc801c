// SharedKey authorization for the File service: rebuild the string the SDK signed and compare the
// HMAC-SHA256. Checking it keeps the emulator honest about what the SDK really sends.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import * as errors from '../errors.js';
import { compareHeaderNames } from './sharedKeyHeaderOrder.js';

export interface SignedRequest {
  method: string;
  /** The path and query exactly as sent (`req.url`). */
  url: string;
  headers: IncomingHttpHeaders;
}

// The standard headers signed, in order, before the canonicalized x-ms-* headers.
const signedStandardHeaders = [
  'content-encoding',
  'content-language',
  'content-length',
  'content-md5',
  'content-type',
  'date',
  'if-modified-since',
  'if-match',
  'if-none-match',
  'if-unmodified-since',
  'range',
] as const;

const headerValue = (headers: IncomingHttpHeaders, name: string): string => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
};

/** The StringToSign of the SharedKey scheme (service version 2015-02-21 and later). */
export const stringToSign = (accountName: string, request: SignedRequest): string => {
  const standard = signedStandardHeaders.map((name) => {
    const value = headerValue(request.headers, name);
    // A zero Content-Length is signed as empty.
    return name === 'content-length' && value === '0' ? '' : value;
  });
  const canonicalHeaders = Object.keys(request.headers)
    .filter((name) => name.startsWith('x-ms-'))
    .sort(compareHeaderNames)
    .map((name) => `${name}:${headerValue(request.headers, name).trimStart()}\n`)
    .join('');
  return `${[request.method.toUpperCase(), ...standard].join('\n')}\n${canonicalHeaders}${canonicalResource(accountName, request.url)}`;
};

// `/{account}{path}` then each query parameter as `\nname:value`, names lower-cased and sorted,
// values decoded. Parameters are picked out the way the SDK does (one '=' and a non-empty value).
const canonicalResource = (accountName: string, url: string): string => {
  const queryStart = url.indexOf('?');
  const path = queryStart < 0 ? url : url.slice(0, queryStart);
  const query = queryStart < 0 ? '' : url.slice(queryStart + 1);
  const parameters = new Map<string, string>();
  for (const pair of query.split('&')) {
    const equals = pair.indexOf('=');
    if (equals <= 0 || equals !== pair.lastIndexOf('=') || equals === pair.length - 1) continue;
    parameters.set(pair.slice(0, equals).toLowerCase(), pair.slice(equals + 1));
  }
  const names = [...parameters.keys()].sort();
  const canonicalQuery = names
    .map((name) => `\n${name}:${decodeURIComponent(parameters.get(name) ?? '')}`)
    .join('');
  return `/${accountName}${path || '/'}${canonicalQuery}`;
};

/** Throws the service's 401/403 unless the request carries a valid SharedKey signature. */
export const verifySharedKey = (accountName: string, accountKey: Buffer, request: SignedRequest): void => {
  const authorization = headerValue(request.headers, 'authorization');
  if (!authorization) throw errors.noAuthenticationInformation();
  const match = /^SharedKey ([^:]+):(.+)$/.exec(authorization);
  if (!match)
    throw errors.authenticationFailed(
      `Unsupported Authorization scheme: '${authorization.split(' ')[0]}'. Only SharedKey is supported.`,
    );
  const [, account, signature = ''] = match;
  if (account !== accountName)
    throw errors.authenticationFailed(
      `The account '${account}' is not this emulator's account '${accountName}'.`,
    );
  const signed = stringToSign(accountName, request);
  const expected = createHmac('sha256', accountKey).update(signed, 'utf8').digest();
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw errors.authenticationFailed(
      `The MAC signature found in the HTTP request '${signature}' is not the same as any computed signature. Server used following string to sign: '${signed}'.`,
    );
  }
};
