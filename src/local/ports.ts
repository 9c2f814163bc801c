// The local host's port check: fail early, naming the port and what it was for, when the port someone
// asked for is taken. (The emulators have their own port helpers: the app does not import them.)
import { createServer } from 'node:net';

async function isPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Throws an error naming the port and its purpose when it is already in use. */
export async function assertPortFree(port: number, purpose: string, host = '127.0.0.1'): Promise<void> {
  if (!(await isPortFree(port, host))) {
    throw new Error(
      `Port ${port} (${purpose}) is already in use. Stop the process holding it (another \`npm start\`?) ` +
        'or choose another port.',
    );
  }
}
