// A File Share client whose pipeline records every request it sends (method, `comp`, path, lease action and
// response bytes), through a request policy factory, the SDK's public extension point.
import { randomUUID } from 'node:crypto';
import {
  Pipeline,
  type RequestPolicyFactory,
  type ShareClient,
  ShareServiceClient,
  StorageSharedKeyCredential,
} from '@azure/storage-file-share';
import { emulators } from './emulators.js';

export interface ShareRequest {
  method: string;
  /** `comp` of the query (`range`, `lease`, `metadata` …), empty for plain file GET/PUT/HEAD. */
  comp: string;
  /** The path after the share, e.g. `streams/fleet.vehicle/KX70ABC.ndjson`. */
  path: string;
  /** `x-ms-lease-action` of a lease request (`acquire`, `release`, `break`). */
  leaseAction?: string;
  status: number;
  /** Response body bytes (Content-Length). */
  bytes: number;
}

/** A client for a new share (created on first use by the store) whose requests land in `sent`. */
export function recordingShare(
  sent: ShareRequest[],
  shareName = `rec-${randomUUID().slice(0, 8)}`,
): ShareClient {
  const settings = new Map(
    emulators()
      .storageConnectionString.split(';')
      .map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)] as const),
  );
  const credential = new StorageSharedKeyCredential(
    settings.get('AccountName') ?? '',
    settings.get('AccountKey') ?? '',
  );
  const recorder: RequestPolicyFactory = {
    create: (next) => ({
      sendRequest: async (request) => {
        const url = new URL(request.url);
        const entry: ShareRequest = {
          method: request.method,
          comp: url.searchParams.get('comp') ?? '',
          path: decodeURIComponent(url.pathname.split('/').slice(3).join('/')),
          status: 0,
          bytes: 0,
        };
        const leaseAction = request.headers.get('x-ms-lease-action');
        if (leaseAction) entry.leaseAction = leaseAction;
        sent.push(entry);
        try {
          const response = await next.sendRequest(request);
          entry.status = response.status;
          entry.bytes = Number(response.headers.get('content-length') ?? 0);
          return response;
        } catch (error) {
          entry.status = (error as { statusCode?: number }).statusCode ?? 0;
          throw error;
        }
      },
    }),
  };
  const service = new ShareServiceClient(
    settings.get('FileEndpoint') ?? '',
    new Pipeline([recorder, credential]),
  );
  return service.getShareClient(shareName);
}

/** Response bytes of the downloads (GETs) among `sent`. */
export function downloadedBytes(sent: readonly ShareRequest[]): number {
  return sent.filter((request) => request.method === 'GET').reduce((sum, request) => sum + request.bytes, 0);
}
