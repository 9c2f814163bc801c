// One port, two protocols: the SDK's AMQP clients and `ServiceBusAdministrationClient` (which always speaks
// HTTPS to the connection string's host and port) both connect to the emulator's port. The first byte of a
// connection tells them apart: a TLS ClientHello starts with 0x16 (handshake), AMQP with the bytes `AMQP`.
import type { Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';

const tlsHandshake = 0x16;

/** Reads a connection's first bytes and hands it, those bytes included, to AMQP or to the HTTPS server. */
export function routeByFirstByte(socket: Socket, amqp: (socket: Socket) => void, https?: HttpsServer): void {
  socket.once('data', (first: Buffer) => {
    if (first[0] === tlsHandshake && https) {
      https.emit('connection', replaying(socket, first));
      return;
    }
    // rhea reads the socket through 'data' events, which see bytes put back with unshift.
    socket.pause();
    socket.unshift(first);
    amqp(socket);
    socket.resume();
  });
}

/**
 * The socket as a stream that starts with `first`: Node's TLS reads a real socket's handle directly and would
 * miss bytes put back with unshift, so it gets a stream of its own to read from.
 */
function replaying(socket: Socket, first: Buffer): Duplex {
  const stream = new Duplex({
    read: () => void socket.resume(),
    write: (chunk, encoding, done) => void socket.write(chunk, encoding, done),
    final: (done) => {
      socket.end();
      done();
    },
    destroy: (error, done) => {
      socket.destroy(error ?? undefined);
      done(error);
    },
  });
  stream.push(first);
  socket.on('data', (chunk: Buffer) => {
    if (!stream.push(chunk)) socket.pause();
  });
  socket.on('end', () => stream.push(null));
  socket.on('close', () => stream.destroy());
  socket.on('error', (error) => stream.destroy(error));
  return stream;
}
