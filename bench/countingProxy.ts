// A counting HTTP proxy in front of an emulator: the benchmark points the app at it, so storage requests and
// bytes are counted at the emulator's door, with no counting code in the app.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TrafficCounts {
  requests: number;
  bytesSent: number;
  bytesReceived: number;
  /** Requests by method, e.g. `{ GET: 3, PUT: 1 }`. */
  byMethod: Record<string, number>;
}

export interface CountingProxy {
  port: number;
  counts: TrafficCounts;
  reset(): void;
  close(): Promise<void>;
}

export function emptyCounts(): TrafficCounts {
  return { requests: 0, bytesSent: 0, bytesReceived: 0, byMethod: {} };
}

export async function startCountingProxy(targetPort: number): Promise<CountingProxy> {
  const proxy: { counts: TrafficCounts } = { counts: emptyCounts() };
  const server: Server = createServer((req, res) => {
    const counts = proxy.counts;
    counts.requests++;
    counts.byMethod[req.method ?? '?'] = (counts.byMethod[req.method ?? '?'] ?? 0) + 1;
    const upstream = httpRequest(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers },
      (response) => {
        res.writeHead(response.statusCode ?? 502, response.headers);
        response.on('data', (chunk: Buffer) => {
          counts.bytesReceived += chunk.length;
        });
        response.pipe(res);
      },
    );
    req.on('data', (chunk: Buffer) => {
      counts.bytesSent += chunk.length;
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get counts() {
      return proxy.counts;
    },
    reset: () => {
      proxy.counts = emptyCounts();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
