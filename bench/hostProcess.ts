// The local host as a child process (what `npm start` serves), for the HTTP measurements, with its peak
// resident memory sampled throughout.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const startScript = fileURLToPath(new URL('../src/local/start.js', import.meta.url));

/**
 * A host's timers switched off: their periodic work (a sweep of every quiet marker the phases before left, a
 * dead-letter replay) is not any one command's, and would land in whichever command's traffic window it fell.
 */
export const TIMERS_OFF = {
  'AzureWebJobs.publishSweeper.Disabled': 'true',
  'AzureWebJobs.replayDeadLetters.Disabled': 'true',
};

export interface BenchHost {
  url: string;
  pid: number;
  /** Highest RSS seen, in MiB. */
  peakRssInMiB(): number;
  stop(): Promise<void>;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
}

/** `args` are more `npm start` options, e.g. `['--package', folder]` to serve a staged deployment package. */
export async function startBenchHost(env: Record<string, string>, args: string[] = []): Promise<BenchHost> {
  const child: ChildProcess = spawn(
    process.execPath,
    [startScript, '--no-emulators', '--port', '0', ...args],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Ready at (\S+)/.exec(output);
      if (match?.[1] && output.includes('Press Ctrl-C')) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`Host exited (${code}):\n${output}`)));
  });
  let peak = 0;
  const sample = () => {
    try {
      const kib = Number(
        execFileSync('ps', ['-o', 'rss=', '-p', String(child.pid)], { encoding: 'utf8' }).trim(),
      );
      peak = Math.max(peak, kib / 1024);
    } catch {
      // the process is gone
    }
  };
  const sampler = setInterval(sample, 250);
  const end = async (signal: NodeJS.Signals) => {
    clearInterval(sampler);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  return {
    url,
    pid: child.pid as number,
    peakRssInMiB: () => {
      sample();
      return Math.round(peak);
    },
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  };
}
