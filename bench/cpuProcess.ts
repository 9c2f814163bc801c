// Runs cpuPerCommand.ts in a fresh Node process, so the benchmark's own clients (the bus's timers, its HTTP
// agents) do not land in the figure.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CpuResult } from './results.js';

export async function measureCpuPerCommand(commands: number): Promise<CpuResult> {
  const script = fileURLToPath(new URL('./cpuPerCommand.js', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [script, String(commands)]);
  return JSON.parse(stdout) as CpuResult;
}
