// Shared access signatures, checked as Azure checks them: the HMAC over the string-to-sign of the token's
// version (account SAS, or file/share service SAS with an optional stored access policy), then the time
// window, protocol, IP range, service, resource type and permission the operation needs. Anything wrong is
// 403: AuthenticationFailed for the signature and times, Authorization…Mismatch for what it does not allow.
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as errors from '../errors.js';
import type { FilesModel } from '../model/filesModel.js';
import type { FilesRequest } from '../protocol/request.js';
import { requiredAccess, type SasAccess } from './sasAccess.js';

export interface SasContext {
  accountName: string;
  accountKey: Buffer;
  model: FilesModel;
  /** The client's address, for `sip`. */
  remoteAddress: string | undefined;
}

/** Throws the service's 403 unless the request's SAS allows it. */
export const verifySas = (context: SasContext, request: FilesRequest): void => {
  const q = (name: string) => request.query.get(name) ?? '';
  const access = requiredAccess(request);
  if (request.query.has('ss')) verifyAccountSas(context, q, access);
  else if (request.query.has('sr')) verifyServiceSas(context, request, q, access);
  else throw errors.authenticationFailed('The SAS has neither ss (account SAS) nor sr (service SAS).');
};

type Query = (name: string) => string;

const verifyAccountSas = (context: SasContext, q: Query, access: SasAccess): void => {
  const version = q('sv');
  const fields = [
    context.accountName,
    q('sp'),
    q('ss'),
    q('srt'),
    q('st'),
    q('se'),
    q('sip'),
    q('spr'),
    version,
  ];
  if (version >= '2020-12-06') fields.push(q('ses'));
  checkSignature(context, `${fields.join('\n')}\n`, q('sig'));
  checkWindow(q('st'), q('se'), context.model.now());
  checkProtocolAndIp(q('spr'), q('sip'), context.remoteAddress);
  if (!q('ss').includes('f')) throw errors.authorizationServiceMismatch();
  if (![...access.accountResourceTypes].some((type) => q('srt').includes(type)))
    throw errors.authorizationResourceTypeMismatch();
  checkPermission(q('sp'), access.permissions);
};

const verifyServiceSas = (context: SasContext, request: FilesRequest, q: Query, access: SasAccess): void => {
  const resource = q('sr');
  if (resource !== 's' && resource !== 'f')
    throw errors.authenticationFailed(`Unknown signed resource sr=${resource}.`);
  const share = request.shareName ?? '';
  const canonical = `/file/${context.accountName}/${share}${resource === 'f' ? `/${request.path.join('/')}` : ''}`;
  const fields = [q('sp'), q('st'), q('se'), canonical, q('si'), q('sip'), q('spr'), q('sv')];
  fields.push(q('rscc'), q('rscd'), q('rsce'), q('rscl'), q('rsct'));
  checkSignature(context, fields.join('\n'), q('sig'));
  // A stored access policy fills in what the token leaves out (and may not be contradicted by it).
  const policy = policyOf(context, share, q('si'));
  const start = q('st') || policy?.start || '';
  const expiry = q('se') || policy?.expiry || '';
  const permissions = q('sp') || policy?.permission || '';
  if (expiry === '')
    throw errors.authenticationFailed('The SAS has no expiry (se), and no policy gives one.');
  checkWindow(start, expiry, context.model.now());
  checkProtocolAndIp(q('spr'), q('sip'), context.remoteAddress);
  if (request.shareName === undefined || access.scope === 'service' || access.scope === 'share')
    throw errors.authorizationResourceTypeMismatch();
  if (resource === 'f' && access.scope !== 'file') throw errors.authorizationResourceTypeMismatch();
  checkPermission(permissions, access.permissions);
};

const policyOf = (context: SasContext, share: string, identifier: string) => {
  if (identifier === '') return undefined;
  const policy = context.model.state.shares.get(share)?.acl.find((item) => item.id === identifier);
  if (!policy)
    throw errors.authenticationFailed(`The signed identifier '${identifier}' is not a policy of the share.`);
  return policy.accessPolicy;
};

const checkSignature = (context: SasContext, stringToSign: string, signature: string): void => {
  const expected = createHmac('sha256', context.accountKey).update(stringToSign, 'utf8').digest();
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw errors.authenticationFailed(
      `Signature did not match. String to sign used was ${JSON.stringify(stringToSign)}.`,
    );
};

const checkWindow = (start: string, expiry: string, now: number): void => {
  const startsAt = start === '' ? Number.NEGATIVE_INFINITY : Date.parse(start);
  const expiresAt = Date.parse(expiry);
  if (Number.isNaN(startsAt) || Number.isNaN(expiresAt))
    throw errors.authenticationFailed('The signed start or expiry time is not a valid time.');
  if (now < startsAt || now >= expiresAt)
    throw errors.authenticationFailed(
      `Signed expiry time [${new Date(expiresAt).toUTCString()}] must be after the current time, and the start time before it.`,
    );
};

const checkProtocolAndIp = (protocol: string, ipRange: string, remote: string | undefined): void => {
  // The emulator speaks plain HTTP, so a token limited to HTTPS cannot be used with it.
  if (protocol === 'https') throw errors.authorizationProtocolMismatch();
  if (ipRange === '') return;
  const [low = '', high = low] = ipRange.split('-');
  const client = (remote ?? '').replace(/^::ffff:/, '');
  const value = (ip: string) => ip.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
  if (value(client) < value(low) || value(client) > value(high)) throw errors.authorizationSourceIPMismatch();
};

const checkPermission = (granted: string, needed: string): void => {
  if (![...needed].some((permission) => granted.includes(permission)))
    throw errors.authorizationPermissionMismatch();
};
