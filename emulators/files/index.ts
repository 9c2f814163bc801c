// Local Azure Files emulator: an in-memory File REST API over plain HTTP for tests and local
// development, spoken to by the unchanged @azure/storage-file-share SDK (Azurite has no Files).
//
// Layers: server.ts (HTTP: body, SharedKey and SAS checks in authentication/, rendering) → handlers/ (the
// router and one module per resource kind) → model/ (state, the changes that move it, leases, sparse
// content) → persistence/ (the journal behind `persistFolder`); protocol/ parses requests and writes headers
// and XML; errors.ts names every File service error it returns.
import type { AddressInfo } from 'node:net';
import { FilesModel } from './model/filesModel.js';
import { openJournal } from './persistence/index.js';
import { createFilesServer } from './server.js';

export interface FilesEmulatorOptions {
  /** Default 10003; 0 picks any free port. */
  port?: number;
  /** Default '127.0.0.1' (an IP literal, so the SDK uses path-style URLs). */
  host?: string;
  /** Default 'devstoreaccount1'. */
  accountName?: string;
  /** Base64; default the well-known Azurite development key. */
  accountKey?: string;
  /** Keep shares, files and everything about them in this folder (a journal), across restarts. */
  persistFolder?: string;
  /** Compact the journal past this many bytes (default 64 MiB); small values exercise compaction. */
  compactAtBytes?: number;
  /** The clock (epoch ms), for tests of lease expiry and SAS windows. Default Date.now. */
  now?: () => number;
}

export interface RunningFilesEmulator {
  port: number;
  /** The File endpoint, e.g. http://127.0.0.1:10003/devstoreaccount1 */
  url: string;
  /** DefaultEndpointsProtocol=http;AccountName=…;AccountKey=…;FileEndpoint=<url> */
  connectionString: string;
  close(): Promise<void>;
}

export const developmentAccountName = 'devstoreaccount1';
export const developmentAccountKey =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const defaultPort = 10003;

export async function startFilesEmulator(options: FilesEmulatorOptions = {}): Promise<RunningFilesEmulator> {
  const host = options.host ?? '127.0.0.1';
  const accountName = options.accountName ?? developmentAccountName;
  const accountKey = options.accountKey ?? developmentAccountKey;
  const requestedPort = options.port ?? defaultPort;
  const model = new FilesModel(undefined, undefined, options.now);
  const journal =
    options.persistFolder === undefined
      ? undefined
      : openJournal(options.persistFolder, model, { compactAtBytes: options.compactAtBytes });
  const server = createFilesServer(model, { accountName, accountKey });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      void journal?.close();
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Azure Files emulator: port ${requestedPort} is already in use`, { cause: error })
          : error,
      );
    });
    server.listen(requestedPort, host, () => {
      const { port } = server.address() as AddressInfo;
      const url = `http://${urlHost(host)}:${port}/${accountName}`;
      let closing: Promise<void> | undefined;
      resolve({
        port,
        url,
        connectionString: `DefaultEndpointsProtocol=http;AccountName=${accountName};AccountKey=${accountKey};FileEndpoint=${url}`,
        close: () => {
          closing ??= new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            // Drop keep-alive sockets, busy ones too: otherwise close() waits for them to time out.
            server.closeAllConnections();
          }).then(() => journal?.close());
          return closing;
        },
      });
    });
  });
}

// A wildcard bind is reached through loopback; IPv6 literals need brackets in URLs.
const urlHost = (host: string): string => {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
};
