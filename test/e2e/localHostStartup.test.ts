// Start-up failures a newcomer can meet: a port already in use, or a configuration mistake. Each one ends
// the process with a message that names what is wrong.
import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { emulators } from '../support/emulators.js';
import { runHost } from '../support/localHost.js';

async function outcome(args: string[], env: Record<string, string>) {
  const child = runHost(args, env);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

describe('local host start-up errors', () => {
  it('names the port when the HTTP port is already in use', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as { port: number }).port;
    try {
      const { code, output } = await outcome(
        ['--no-emulators', '--port', String(port)],
        emulators().settings,
      );
      expect(code).toBe(1);
      expect(output).toContain(`Port ${port} (local Functions host HTTP) is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('names an emulator port already in use, once, as its own start-up error', async () => {
    // Port 10000 may already be held (by a running `npm start`, say): either way the host must name it.
    const blocker = createServer();
    await new Promise((resolve) => {
      blocker.once('error', resolve);
      blocker.listen(10000, '127.0.0.1', () => resolve(undefined));
    });
    try {
      const { code, output } = await outcome(['--port', '0'], {});
      expect(code).toBe(1);
      expect(output).toContain('[local] Could not start: Port 10000 (Azurite Blob) is already in use');
      expect(output.match(/Could not start/g)).toHaveLength(1);
    } finally {
      blocker.close();
    }
  });

  it('names the entry at fault in an invalid configuration map', async () => {
    const map = JSON.stringify({
      implementations: { t: { type: 'table', connection: 'EventStorage' } },
      aggregates: { '*': { store: 'x' } },
    });
    const { code, output } = await outcome(['--no-emulators', '--port', '0'], {
      ...emulators().settings,
      ConfigurationMap: map,
    });
    expect(code).toBe(1);
    expect(output).toContain('aggregates["*"].store: unknown implementation "x"');
  });
});
