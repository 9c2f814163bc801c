// Runs the emulators' CLI (dist/emulators/cli.js) as a child process for its tests: waits for its READY
// line, and finds the processes it started, to check that none outlives it.
import { type ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { EmulatorConnectionStrings, EmulatorPorts } from '../start.js';

const cli = fileURLToPath(new URL('../../dist/emulators/cli.js', import.meta.url));

export interface Ready {
  ports: EmulatorPorts;
  connectionStrings: EmulatorConnectionStrings;
  persistFolder: string | null;
  serviceBusCertificate: string;
}

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the READY line's settings, or rejects with the output if the CLI exits first. */
  ready: Promise<Ready>;
  /** Resolves with the exit code once the CLI has exited. */
  exited: Promise<number | null>;
}

/** `ipc: true` gives the CLI an IPC channel, as the local host does; stdin is a pipe the test holds. */
export function runCli(args: string[], { ipc = false } = {}): CliProcess {
  const child = ipc
    ? fork(cli, args, { stdio: ['pipe', 'pipe', 'pipe', 'ipc'] })
    : spawn(process.execPath, [cli, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const ready = new Promise<Ready>((resolve, reject) => {
    child.stdout?.on('data', () => {
      const line = /^READY (.*)$/m.exec(stdout);
      if (line?.[1]) resolve(JSON.parse(line[1]) as Ready);
    });
    void exited.then((code) => reject(new Error(`The CLI exited (${code}) before READY:\n${stderr}`)));
  });
  ready.catch(() => {});
  return { child, stdout: () => stdout, stderr: () => stderr, ready, exited };
}

/** Process ids of every descendant of `pid` (Linux `ps`). */
export function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const [child, ppid] of table) {
      if (ppid === parent) {
        found.push(child);
        visit(child);
      }
    }
  };
  visit(pid);
  return found;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
