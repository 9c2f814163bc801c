// How the local host gets its emulators: it runs the emulators' own CLI (dist/emulators/cli.js) as a child
// process, never importing it, so nothing of the emulators is part of the app. The child's progress goes to
// the host's log, its READY line gives the connection strings, and an IPC channel ties its life to ours: if
// the host dies, even by SIGKILL, the CLI sees the channel close and stops its emulators.
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** After SIGTERM, how long the emulators get to stop before SIGKILL. */
const STOP_DEADLINE_IN_MS = 3_000;
const FAILURE_PREFIX = 'Could not start: ';

export interface EmulatorProcessOptions {
  /** dist/emulators/cli.js */
  cliPath: string;
  ports: 'default' | 'free';
  /** Azurite and the Files emulator (in `files/`) persist here instead of in memory. */
  persistFolder?: string;
  /** The Service Bus topics and subscriptions the app needs (serviceBusEntities.json). */
  entitiesFile: string;
  /** Whether the CLI prints its summary of ports and connection strings once ready. */
  summary: boolean;
  log(message: string): void;
}

export interface EmulatorProcess {
  ports: Record<string, number>;
  connectionStrings: { storage: string; serviceBus: string };
  /** Resolves when the child exits, for whatever reason, with its exit code. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after a deadline; resolves once the child has exited. */
  stop(): Promise<void>;
}

export async function startEmulatorProcess(options: EmulatorProcessOptions): Promise<EmulatorProcess> {
  const args = [
    ...['--ports', options.ports, '--entities', options.entitiesFile],
    ...(options.persistFolder ? ['--persist', options.persistFolder] : []),
    ...(options.summary ? [] : ['--no-summary']),
  ];
  const child = fork(options.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  // 'close', not 'exit': by then the child's last output lines have been read.
  const exited = once(child, 'close').then(([code]) => code as number | null);
  let failure: string | undefined;
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
    // The CLI's start-up error becomes ours, so it is printed once, as the host's own.
    if (line.startsWith(FAILURE_PREFIX)) failure = line.slice(FAILURE_PREFIX.length);
    else options.log(line);
  });
  const ready = new Promise<Omit<EmulatorProcess, 'exited' | 'stop'>>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (line.startsWith('READY ')) resolve(JSON.parse(line.slice('READY '.length)));
    });
    void exited.then((code) =>
      reject(new Error(failure ?? `The emulators exited (code ${code}) before they were ready.`)),
    );
  });
  const stop = () => stopChild(child, exited);
  try {
    return { ...(await ready), exited, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_DEADLINE_IN_MS);
  await exited;
  clearTimeout(timer);
}
