// A Blob service client that records every HTTP attempt it makes (method, blob, range, status, response
// bytes), and can lose one response after the service has handled the request, as a dropped connection would.
//
// Not `additionalPolicies`: @azure/storage-blob 12.32 adds those to its shared pipeline once more for every
// derived client (getContainerClient, getAppendBlobClient …), and the next request fails with "Duplicate
// policy names not allowed in pipeline". A request policy factory on the client's Pipeline is wrapped once;
// the class is named InjectorPolicyFactory because the SDK then places it after its retry policy, so each
// retry is seen (and counted) as the request it is.
import {
  BlobServiceClient,
  type HttpOperationResponse,
  newPipeline,
  type RequestPolicy,
  type RequestPolicyFactory,
  StorageSharedKeyCredential,
  type WebResource,
} from '@azure/storage-blob';

export interface SentRequest {
  method: string;
  /** The path after the account, e.g. `container/test.thing/id/000000.ndjson`. */
  path: string;
  /** `comp` of the query (`appendblock`, `list` …), empty for plain blob GET/PUT/HEAD. */
  comp: string;
  range?: string;
  status?: number;
  responseBytes: number;
}

export class RequestLog {
  readonly requests: SentRequest[] = [];
  private loseNext?: (request: SentRequest) => boolean;

  clear(): void {
    this.requests.length = 0;
  }

  get responseBytes(): number {
    return this.requests.reduce((sum, request) => sum + request.responseBytes, 0);
  }

  /** `METHOD comp` per request, e.g. `PUT appendblock`, for readable assertions. */
  summary(): string[] {
    return this.requests.map((request) => `${request.method} ${request.comp}`.trim());
  }

  /** The next matching request reaches the service, but its response is replaced by a connection reset. */
  loseResponse(matches: (request: SentRequest) => boolean): void {
    this.loseNext = matches;
  }

  async record(
    request: WebResource,
    send: () => Promise<HttpOperationResponse>,
  ): Promise<HttpOperationResponse> {
    const url = new URL(request.url);
    const range = request.headers.get('x-ms-range') ?? undefined;
    const entry: SentRequest = {
      method: request.method,
      path: decodeURIComponent(url.pathname.split('/').slice(2).join('/')),
      comp: url.searchParams.get('comp') ?? '',
      responseBytes: 0,
      ...(range === undefined ? {} : { range }),
    };
    this.requests.push(entry);
    try {
      const response = await send();
      entry.status = response.status;
      entry.responseBytes = Number(response.headers.get('content-length') ?? 0);
      if (this.loseNext?.(entry)) {
        this.loseNext = undefined;
        // What the HTTP client throws for a dropped connection (a RestError by name, as the SDK checks).
        const lost = new Error('socket hang up (response lost by the test)');
        throw Object.assign(lost, { name: 'RestError', code: 'ECONNRESET' });
      }
      return response;
    } catch (error) {
      entry.status ??= (error as { statusCode?: number }).statusCode;
      return Promise.reject(error);
    }
  }
}

class InjectorPolicyFactory implements RequestPolicyFactory {
  constructor(private readonly log: RequestLog) {}

  create(nextPolicy: RequestPolicy): RequestPolicy {
    return { sendRequest: (request) => this.log.record(request, () => nextPolicy.sendRequest(request)) };
  }
}

/** A client for the Blob endpoint of `connectionString` whose requests land in `log`. */
export function countingBlobServiceClient(connectionString: string, log: RequestLog): BlobServiceClient {
  const settings = new Map(
    connectionString
      .split(';')
      .filter(Boolean)
      .map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)] as const),
  );
  const account = settings.get('AccountName');
  const key = settings.get('AccountKey');
  const endpoint = settings.get('BlobEndpoint');
  if (!account || !key || !endpoint)
    throw new Error('The connection string needs AccountName, AccountKey and BlobEndpoint');
  const pipeline = newPipeline(new StorageSharedKeyCredential(account, key), {
    retryOptions: { maxTries: 3, retryDelayInMs: 10, maxRetryDelayInMs: 50 },
  });
  pipeline.factories.push(new InjectorPolicyFactory(log));
  return new BlobServiceClient(endpoint, pipeline);
}
