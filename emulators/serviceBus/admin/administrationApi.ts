// The administration API (`ServiceBusAdministrationClient`, Atom over HTTPS): create, get, update, delete and
// list queues, topics, subscriptions and rules, with runtime properties (message counts), and the namespace's
// properties. Status codes as Service Bus answers them: 201 created, 200, 404 not found, 409 already exists,
// 400 for what the emulator cannot do, 401 without a SAS token. Changes are answered once recorded.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Namespace } from '../model/namespace.js';
import { type BaseUrl, entryXml, errorXml, feedXml, parseEntry } from './atom.js';
import { routes } from './entityRoutes.js';
import type { AdminRequest, AdminResult } from './routeResults.js';

/** Bodies are descriptions of a few hundred bytes; anything far larger is not a description. */
const maxBodyInBytes = 1024 * 1024;

export function administrationApi(namespace: Namespace): RequestListener {
  return (request, response) => {
    void handle(namespace, request, response).catch((error: unknown) => {
      send(response, 400, errorXml(400, error instanceof Error ? error.message : String(error)));
    });
  };
}

async function handle(
  namespace: Namespace,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const body = await readBody(request);
  if (!String(request.headers.authorization ?? '').startsWith('SharedAccessSignature ')) {
    send(response, 401, errorXml(401, 'A SharedAccessSignature Authorization header is required.'));
    return;
  }
  const url = new URL(request.url ?? '/', 'https://emulator');
  // `events/Subscriptions/` (a list) and `events/Subscriptions/audit` differ by their number of segments.
  const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const adminRequest: AdminRequest = {
    method: request.method ?? 'GET',
    segments,
    isUpdate: request.headers['if-match'] === '*',
    skip: Number(url.searchParams.get('$skip') ?? 0),
    top: Number(url.searchParams.get('$top') ?? 100),
    entry: body ? await parseEntry(body) : undefined,
  };
  const result = routes(namespace, adminRequest);
  if (result.status < 300 && adminRequest.method !== 'GET') {
    namespace.definitionsChanged();
    await namespace.journal.durable();
  }
  send(response, result.status, render(`https://${request.headers.host ?? 'localhost'}`, result));
}

function render(base: BaseUrl, result: AdminResult): string {
  if ('error' in result) return errorXml(result.status, result.error);
  if ('feed' in result) return feedXml(base, result.feed.path, result.feed.entries, result.feed.next);
  return result.entry ? entryXml(base, result.entry) : '';
}

function send(response: ServerResponse, status: number, body: string): void {
  if (response.headersSent) return;
  response.writeHead(status, {
    'content-type':
      body.includes('<feed') || body.includes('<entry')
        ? 'application/atom+xml;type=entry;charset=utf-8'
        : 'application/xml; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyInBytes) reject(new Error('The request body is too large.'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
