// Service operations (`/{account}`): List Shares (prefix, paging, `include=metadata,snapshots`), the first
// call Storage Explorer and most tools make, and Get / Set File Service Properties (metrics, CORS, SMB
// settings), kept as sent: a set replaces the elements it names and leaves the others.
import * as errors from '../errors.js';
import type { FilesModel } from '../model/filesModel.js';
import { leaseView } from '../model/lease.js';
import type { StoredShare } from '../model/types.js';
import { type FilesRequest, type FilesResponse, operationOf } from '../protocol/request.js';
import { pagedList, parseXmlBody, wrapped, type XmlElement, xmlDocument } from '../protocol/xml.js';
import { maxResultsOf } from './listing.js';

const serviceElements = ['HourMetrics', 'MinuteMetrics', 'Cors', 'ProtocolSettings'] as const;

const metrics = { Version: '1.0', Enabled: 'false', RetentionPolicy: { Enabled: 'false' } };
const defaultServiceProperties: XmlElement = {
  HourMetrics: metrics,
  MinuteMetrics: metrics,
  Cors: '',
  ProtocolSettings: { SMB: { Multichannel: { Enabled: 'false' } } },
};

export const handleServiceRequest = (model: FilesModel, request: FilesRequest): FilesResponse => {
  const restype = request.query.get('restype');
  const operation = operationOf(request);
  if (operation === 'GET list' && restype === null) return listShares(model, request);
  if (restype === 'service' && operation === 'GET properties') {
    const properties = { ...defaultServiceProperties, ...model.state.service };
    return {
      status: 200,
      headers: { 'Content-Type': 'application/xml' },
      body: xmlDocument('StorageServiceProperties', properties),
    };
  }
  if (restype === 'service' && operation === 'PUT properties') {
    const sent = parseXmlBody(request.body, 'StorageServiceProperties');
    const properties: XmlElement = { ...model.state.service };
    for (const name of serviceElements) if (sent[name] !== undefined) properties[name] = sent[name];
    model.commit({ type: 'serviceProperties', properties });
    return { status: 202 };
  }
  if (!['GET', 'HEAD', 'PUT', 'DELETE', 'POST'].includes(request.method))
    throw errors.unsupportedHttpVerb(request.method);
  throw errors.unsupportedOperation(`service ${operation}${restype ? ` restype=${restype}` : ''}`);
};

const listShares = (model: FilesModel, request: FilesRequest): FilesResponse => {
  const prefix = request.query.get('prefix') ?? undefined;
  const marker = request.query.get('marker') ?? undefined;
  const maxResults = maxResultsOf(request);
  const include = new Set((request.query.get('include') ?? '').toLowerCase().split(',').filter(Boolean));
  // Shares sort by name, a share's snapshots after it by time; the marker names the next one to list.
  const all: { key: string; share: StoredShare }[] = [];
  for (const share of model.state.shares.values()) {
    if (!share.name.startsWith(prefix ?? '')) continue;
    if (include.has('snapshots')) {
      for (const snapshot of model.state.snapshots.get(share.name)?.values() ?? [])
        all.push({ key: `${share.name}\u0000${snapshot.snapshot}`, share: snapshot });
    }
    all.push({ key: `${share.name}\u0001`, share });
  }
  all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const start = marker === undefined ? 0 : all.findIndex((item) => item.key >= decodeMarker(marker));
  const page = start < 0 ? [] : all.slice(start, start + maxResults);
  const next = start < 0 ? undefined : all[start + maxResults];
  const now = model.now();
  const shares = page.map(({ share }) => shareItem(share, include.has('metadata'), now));
  const body = xmlDocument('EnumerationResults', {
    '@ServiceEndpoint': `http://${request.host}/${request.account}/`,
    ...pagedList(
      { prefix, marker, maxResults: request.query.has('maxresults') ? maxResults : undefined },
      { Shares: wrapped({ Share: shares }) },
      next === undefined ? '' : Buffer.from(next.key).toString('base64url'),
    ),
  });
  return { status: 200, headers: { 'Content-Type': 'application/xml' }, body };
};

const decodeMarker = (marker: string): string => Buffer.from(marker, 'base64url').toString('utf8');

const shareItem = (share: StoredShare, withMetadata: boolean, now: number): XmlElement => {
  const lease = leaseView(share.lease, now);
  return {
    Name: share.name,
    ...(share.snapshot === undefined ? {} : { Snapshot: share.snapshot }),
    Properties: {
      'Last-Modified': new Date(share.lastModified).toUTCString(),
      Etag: share.etag,
      Quota: share.quotaGiB,
      AccessTier: share.accessTier,
      AccessTierChangeTime: new Date(share.accessTierChangeTime).toUTCString(),
      LeaseStatus: lease.status,
      LeaseState: lease.state,
      ...(lease.duration === undefined ? {} : { LeaseDuration: lease.duration }),
      EnabledProtocols: 'SMB',
    },
    ...(withMetadata ? { Metadata: Object.keys(share.metadata).length ? share.metadata : '' } : {}),
  };
};
