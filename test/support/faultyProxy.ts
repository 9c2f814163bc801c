// A TCP proxy in front of an emulator that a test can switch into an outage: `refuse` resets every
// connection (as a stopped storage service would), `hang` accepts connections and never answers (as a paused
// one would), `up` forwards again. Switching to a fault also cuts the connections already open, so pooled
// keep-alive sockets cannot slip past it.
import { createServer, type Server, type Socket } from 'node:net';

export type ProxyMode = 'up' | 'refuse' | 'hang';

export interface FaultyProxy {
  port: number;
  /** The target URL with the proxy's port, e.g. http://127.0.0.1:41234/devstoreaccount1 */
  url(targetUrl: string): string;
  set(mode: ProxyMode): void;
  close(): Promise<void>;
}

export async function startFaultyProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<FaultyProxy> {
  let mode: ProxyMode = 'up';
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => {});
    if (mode === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    if (mode === 'hang') {
      client.resume(); // read and drop whatever is sent; never answer
      return;
    }
    const upstream = new (client.constructor as typeof Socket)();
    open.add(upstream);
    upstream.on('close', () => open.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.connect(targetPort, targetHost, () => {
      client.pipe(upstream);
      upstream.pipe(client);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: (targetUrl) => {
      const url = new URL(targetUrl);
      url.port = String(port);
      return url.href.replace(/\/$/, '');
    },
    set: (next) => {
      mode = next;
      if (next === 'up') return;
      for (const socket of open) socket.resetAndDestroy();
    },
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
