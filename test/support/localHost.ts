// Runs the local host (dist/src/local/start.js, what `npm start` runs) as a child process for end-to-end
// tests, and waits for it to say where it serves.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const startScript = fileURLToPath(new URL('../../dist/src/local/start.js', import.meta.url));

export interface HostProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Sends a signal and resolves with the exit code and how long the exit took. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; durationInMs: number }>;
}

export function runHost(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [startScript, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export async function startHost(args: string[], env: Record<string, string> = {}): Promise<HostProcess> {
  const child = runHost(args, env);
  let output = '';
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Ready at (\S+)/.exec(output);
      if (match?.[1] && output.includes('Press Ctrl-C to stop.')) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`Local host exited with ${code} before it was ready:\n${output}`)),
    );
    setTimeout(() => reject(new Error(`Local host not ready within 30 s:\n${output}`)), 30_000).unref();
  });
  const url = await ready;
  return {
    child,
    url,
    output: () => output,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        const started = performance.now();
        child.once('exit', (code) => resolve({ code, durationInMs: performance.now() - started }));
        child.kill(signal);
      }),
  };
}

// The same process checks as the emulators' own tests use.
export { descendants, isAlive } from '../../emulators/test/cliProcess.js';
