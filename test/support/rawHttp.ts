// HTTP/1.1 over a bare TCP socket, for what no HTTP client sends: a 100 KB header or a malformed request.
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

/** Sends `request` as is and resolves with the first complete response, however the connection ends. */
export function rawRequest(url: string, request: string | Buffer): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname === 'localhost' ? '127.0.0.1' : hostname);
  let received = Buffer.alloc(0);
  return new Promise<RawResponse>((resolve, reject) => {
    const settle = (closed: boolean, error?: Error) => {
      const parsed = parseResponse(received, closed);
      if (parsed) {
        socket.destroy();
        resolve(parsed);
      } else if (closed) {
        reject(error ?? new Error(`Closed without a complete response: ${received.toString('latin1')}`));
      }
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      settle(false);
    });
    // A server that answers and closes may reset the connection: an answer already read still counts.
    socket.on('error', (error) => settle(true, error));
    socket.on('close', () => settle(true));
    socket.write(request);
  });
}

/** The first response in `bytes` once complete; without Content-Length, the body is what came before close. */
function parseResponse(bytes: Buffer, closed: boolean): RawResponse | undefined {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const body = bytes.subarray(end + 4);
  const length = Number(headers['content-length'] ?? (closed ? body.length : Number.NaN));
  if (Number.isNaN(length) || body.length < length) return undefined;
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: body.subarray(0, length).toString('utf8'),
  };
}
