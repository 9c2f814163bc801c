// Issue 12, item 5: `npm run dev` starts the emulators once, builds in watch mode into dist-dev/ and restarts
// only the host: the emulators (and their data) live through a restart. A code change restarts the host the
// same way as `rs` (the compiler's "Found 0 errors"); the test uses `rs`, since other test files read the
// sources it would have to change.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/envelopes.js';
import { descendants, isAlive } from '../support/localHost.js';

const script = fileURLToPath(new URL('../../dist/scripts/dev.js', import.meta.url));

describe('npm run dev', () => {
  it('restarts only the host, keeping the emulators and their data', { timeout: 90_000 }, async () => {
    const child = spawn(process.execPath, [script, '--emulator-ports', 'free', '--port', '0'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        RUNNING_SETTINGS_FILE: fileURLToPath(new URL(`../../.data/dev-${uniqueId()}.json`, import.meta.url)),
      },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const waitFor = async (pattern: RegExp, count = 1) => {
      for (let tries = 0; tries < 600; tries++) {
        if ((output.match(new RegExp(pattern, 'g')) ?? []).length >= count) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`Not seen ${pattern} (${count}x) in:\n${output}`);
    };
    const url = () => [...output.matchAll(/Ready at (\S+)/g)].at(-1)?.[1] ?? '';
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${url()}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await response.json()) as { version?: number };
    };
    try {
      await waitFor(/Host started/);
      const emulatorsBefore = descendants(child.pid as number);
      const id = uniqueId('acc');
      expect((await post(`/commands/bank.account/${id}/open`, { owner: 'Ada' })).version).toBe(1);

      child.stdin.write('rs\n');
      await waitFor(/Host restarted/);
      await waitFor(/Ready at/, 2);

      expect((await post(`/commands/bank.account/${id}/deposit`, { amount: 5 })).version).toBe(2);
      expect(output.match(/Starting Azurite/g)).toHaveLength(1);
      // The emulators' processes are the same ones; only the host's changed.
      const emulatorsAfter = descendants(child.pid as number);
      expect(emulatorsAfter.filter((pid) => emulatorsBefore.includes(pid)).length).toBeGreaterThanOrEqual(2);
    } finally {
      const tree = descendants(child.pid as number);
      child.kill('SIGINT');
      await new Promise((resolve) => child.once('exit', resolve));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(tree.filter(isAlive)).toEqual([]);
    }
  });
});
