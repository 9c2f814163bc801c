// The emulator's transport: one TCP port where AMQP 1.0 (rhea in server mode) hands every link to the link
// router, and where the administration API is served over HTTPS (see sniffing.ts); tracks connections and
// sockets, and closes them all on shutdown.
import type { RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Server, Socket } from 'node:net';
import type { Connection, EventContext } from 'rhea';
import rhea from 'rhea';
import * as errors from './errors.js';
import { routeLinks } from './handlers/linkRouter.js';
import type { Namespace } from './model/namespace.js';
import { routeByFirstByte } from './sniffing.js';

export interface EmulatorServer {
  /** The port listened on (the one asked for, or the one picked for 0). */
  port: number;
  /** Closes every connection (with `amqp:connection:forced`) and stops listening. */
  close(): Promise<void>;
}

export interface ListenOptions {
  namespace: Namespace;
  host: string;
  port: number;
  /** The administration API: its certificate and handler. */
  https?: { cert: string; key: string; handler: RequestListener };
}

/** How long close() lets clients read the close frame before it drops their sockets. */
const closeGraceInMs = 100;

export async function listen(options: ListenOptions): Promise<EmulatorServer> {
  // autoaccept off: a transfer is accepted only once stored. Modified (abandon/defer) must not
  // also fire 'released'.
  const container = rhea.create_container({ autoaccept: false, treat_modified_as_released: false });
  routeLinks(container, options.namespace);

  const connections = new Set<Connection>();
  container.on('connection_open', (context: EventContext) => connections.add(context.connection));
  container.on('disconnected', (context: EventContext) => connections.delete(context.connection));

  const server = container.listen({ host: options.host, port: options.port });
  // rhea's own listener makes an AMQP connection of every socket; each one is sniffed first instead.
  const [acceptAmqp] = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  const https =
    options.https &&
    createHttpsServer({ cert: options.https.cert, key: options.https.key }, options.https.handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    if (acceptAmqp) routeByFirstByte(socket, acceptAmqp, https);
  });
  const port = await listening(server, options.port);

  return {
    port,
    close: async () => {
      for (const connection of connections) connection.close(errors.connectionForced());
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // SDK clients that stay connected would hold server.close() open indefinitely.
      await new Promise((resolve) => setTimeout(resolve, sockets.size > 0 ? closeGraceInMs : 0));
      for (const socket of sockets) socket.destroy();
      https?.closeAllConnections();
      await closed;
    },
  };
}

const listening = (server: Server, port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Service Bus emulator: port ${port} is already in use`)
          : new Error(`Service Bus emulator: cannot listen on port ${port}: ${error.message}`),
      );
    });
    server.once('listening', () => resolve((server.address() as AddressInfo).port));
  });
