// The emulator's HTTP layer: reads the body, checks SharedKey or a SAS, routes, waits until what the request
// changed is durable (when persisting), and renders results and File service errors the way the SDK parses
// them (status, x-ms-error-code, XML <Error> body).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { verifySas } from './authentication/sas.js';
import { verifySharedKey } from './authentication/sharedKey.js';
import * as errors from './errors.js';
import { maxRangeBytes } from './handlers/fileContentHandlers.js';
import { route } from './handlers/router.js';
import type { FilesModel } from './model/filesModel.js';
import { type FilesRequest, type FilesResponse, parseRequest } from './protocol/request.js';
import { errorXml } from './protocol/xml.js';

export interface FilesServerOptions {
  accountName: string;
  /** The account key, base64 as in connection strings. */
  accountKey: string;
}

// Echoed when a request names none; the SDK always sends its own.
const defaultServiceVersion = '2026-04-06';

export const createFilesServer = (model: FilesModel, options: FilesServerOptions): Server => {
  const accountKey = Buffer.from(options.accountKey, 'base64');
  const sas = (request: FilesRequest, remoteAddress: string | undefined) =>
    verifySas({ accountName: options.accountName, accountKey, model, remoteAddress }, request);
  const context = {
    accountName: options.accountName,
    authorizeCopySource: (source: URL) => {
      const request = parseRequest(
        { method: 'GET', url: `${source.pathname}${source.search}`, headers: {}, rawHeaders: [] },
        Buffer.alloc(0),
      );
      sas(request, undefined);
    },
  };
  return createServer((req, res) => {
    const handle = async (): Promise<FilesResponse> => {
      const request = parseRequest(req, await readBody(req));
      authenticate(request, () => sas(request, req.socket.remoteAddress));
      try {
        return route(model, request, context);
      } finally {
        // Answer only once what was changed, or seen, is durable: a kill -9 then loses nothing acknowledged.
        await model.durable();
      }
    };
    handle()
      .then((response) => send(req, res, response))
      // Failures, including headers Node refuses to write, become File service errors, not 500s.
      .catch((error: unknown) => send(req, res, errorResponse(error)))
      .catch(() => res.destroy());
  });

  function authenticate(request: FilesRequest, checkSas: () => void): void {
    if (request.headers.authorization === undefined && request.query.has('sig')) checkSas();
    else verifySharedKey(options.accountName, accountKey, request);
  }
};

// Keeps at most one byte more than the largest Put Range, so an oversized body is reported
// (413) rather than buffered; the rest is drained so the connection stays usable.
const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    req.on('data', (chunk: Buffer) => {
      if (kept > maxRangeBytes) return;
      chunks.push(chunk);
      kept += chunk.length;
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const errorResponse = (error: unknown): FilesResponse => {
  const serviceError =
    error instanceof errors.FilesServiceError
      ? error
      : errors.emulatorFault(error instanceof Error ? error.message : String(error));
  return {
    status: serviceError.statusCode,
    headers: { 'x-ms-error-code': serviceError.code, 'Content-Type': 'application/xml' },
    body: errorXml(serviceError.code, serviceError.message, serviceError.details),
  };
};

// Writes status and all headers in one writeHead, so a header Node rejects throws before anything
// is sent and the caller can still answer with an error.
const send = (req: IncomingMessage, res: ServerResponse, response: FilesResponse): void => {
  const body = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
  const clientRequestId = req.headers['x-ms-client-request-id'];
  const version = req.headers['x-ms-version'];
  const headers: Record<string, string> = {
    'x-ms-request-id': randomUUID(),
    'x-ms-version': typeof version === 'string' ? version : defaultServiceVersion,
    ...(typeof clientRequestId === 'string' ? { 'x-ms-client-request-id': clientRequestId } : {}),
    Date: new Date().toUTCString(),
    Server: 'Azure-Files-Emulator',
    // HEAD keeps the Content-Length a GET would have (the file size) but sends no body.
    'Content-Length': String(body?.length ?? 0),
    ...response.headers,
  };
  res.writeHead(response.status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
};
