// The emulator's transport: an AMQP 1.0 listener over plain TCP (rhea in server mode) that hands every
// link to the link router, tracks connections and sockets, and closes them all on shutdown.
import type { AddressInfo, Server, Socket } from 'node:net';
import type { Connection, EventContext } from 'rhea';
import rhea from 'rhea';
import * as errors from './errors.js';
import { routeLinks } from './handlers/linkRouter.js';
import type { Namespace } from './model/namespace.js';

export interface AmqpServer {
  /** The port listened on (the one asked for, or the one picked for 0). */
  port: number;
  /** Closes every connection (with `amqp:connection:forced`) and stops listening. */
  close(): Promise<void>;
}

/** How long close() lets clients read the close frame before it drops their sockets. */
const closeGraceInMs = 100;

export async function listenAmqp(
  namespace: Namespace,
  host: string,
  requestedPort: number,
): Promise<AmqpServer> {
  // autoaccept off: a transfer is accepted only once stored. Modified (abandon/defer) must not
  // also fire 'released'.
  const container = rhea.create_container({ autoaccept: false, treat_modified_as_released: false });
  routeLinks(container, namespace);

  const connections = new Set<Connection>();
  container.on('connection_open', (context: EventContext) => connections.add(context.connection));
  container.on('disconnected', (context: EventContext) => connections.delete(context.connection));

  const server = container.listen({ host, port: requestedPort });
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listening(server, requestedPort);

  return {
    port,
    close: async () => {
      for (const connection of connections) connection.close(errors.connectionForced());
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // SDK clients that stay connected would hold server.close() open indefinitely.
      await new Promise((resolve) => setTimeout(resolve, sockets.size > 0 ? closeGraceInMs : 0));
      for (const socket of sockets) socket.destroy();
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
