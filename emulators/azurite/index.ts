// Starts Azurite (Blob, Queue, Table) as a child process and stops it again.
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitForPort } from '../ports.js';

export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteOptions {
  blobPort: number;
  queuePort: number;
  tablePort: number;
  /** Folder to persist to; in memory when omitted. */
  location?: string;
}

export interface RunningAzurite {
  blobEndpoint: string;
  queueEndpoint: string;
  tableEndpoint: string;
  stop(): Promise<void>;
}

export async function startAzurite(options: AzuriteOptions): Promise<RunningAzurite> {
  if (options.location) await waitForFolder(options.location);
  const args = [
    ...['--blobPort', String(options.blobPort), '--queuePort', String(options.queuePort)],
    ...['--tablePort', String(options.tablePort)],
    '--disableTelemetry',
    '--skipApiVersionCheck',
    '--silent',
    '--loose',
    ...(options.location ? ['--location', options.location] : ['--inMemoryPersistence']),
  ];
  // Under vitest this module runs from its .ts source, which Node 22 can execute directly.
  const childFile = import.meta.url.endsWith('.ts') ? './azuriteChild.ts' : './azuriteChild.js';
  const child = fork(fileURLToPath(new URL(childFile, import.meta.url)), args, {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`Azurite exited early (code ${code}):\n${output}`))),
  );
  try {
    await Promise.race([
      Promise.all(
        [options.blobPort, options.queuePort, options.tablePort].map((port) => waitForPort(port, 20_000)),
      ),
      exited,
    ]);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  exited.catch(() => {});
  const endpoint = (port: number) => `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  return {
    blobEndpoint: endpoint(options.blobPort),
    queueEndpoint: endpoint(options.queuePort),
    tableEndpoint: endpoint(options.tablePort),
    stop: () => stopChild(child, options.location !== undefined),
  };
}

/**
 * In-memory data needs no flushing, so closing the IPC channel ends the child at once; a persisting Azurite
 * gets SIGTERM so it can save (it may wait for keep-alive sockets, hence the SIGKILL deadline).
 */
async function stopChild(child: ChildProcess, graceful = true): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (graceful || !child.connected) child.kill('SIGTERM');
  else child.disconnect();
  const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
  await exited;
  clearTimeout(timer);
}

/** A storage connection string with every endpoint the project uses. */
export function storageConnectionString(endpoints: {
  blob?: string;
  queue?: string;
  table?: string;
  file?: string;
}) {
  const parts = [
    `DefaultEndpointsProtocol=http`,
    `AccountName=${AZURITE_ACCOUNT}`,
    `AccountKey=${AZURITE_KEY}`,
  ];
  if (endpoints.blob) parts.push(`BlobEndpoint=${endpoints.blob}`);
  if (endpoints.queue) parts.push(`QueueEndpoint=${endpoints.queue}`);
  if (endpoints.table) parts.push(`TableEndpoint=${endpoints.table}`);
  if (endpoints.file) parts.push(`FileEndpoint=${endpoints.file}`);
  return `${parts.join(';')};`;
}

/**
 * An Azurite whose parent died saves its folder before it exits (azuriteChild.ts), and a new one must not load
 * the folder before that: the child holds `azurite.pid` there while it runs, and a start waits for a live
 * holder to go (a file left by a killed one is ignored).
 */
async function waitForFolder(location: string): Promise<void> {
  const pidFile = join(location, 'azurite.pid');
  for (let waited = 0; ; waited += 100) {
    const pid = Number(existsSync(pidFile) ? readFileSync(pidFile, 'utf8') : Number.NaN);
    if (!Number.isInteger(pid) || !isAlive(pid)) return;
    if (waited >= 20_000) {
      throw new Error(`The folder ${location} is in use by another Azurite (process ${pid}).`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
