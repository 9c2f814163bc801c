// Issue 12, item 2: one source of local endpoints. `npm start` on free emulator ports prints the settings other
// tools need and records them; the operator scripts (rebuild, dead-letters, consume) find the running instance
// from that record with nothing else configured, and the record goes away when the instance stops.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/envelopes.js';
import { startHost } from '../support/localHost.js';

const script = (name: string) => fileURLToPath(new URL(`../../dist/scripts/${name}.js`, import.meta.url));

describe('the settings of a running instance', () => {
  it('are printed, recorded, found by the operator scripts and removed on stop', {
    timeout: 90_000,
  }, async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'running-')), 'running.json');
    // Nothing but the record points the scripts at the instance: no connection settings in their environment.
    const bare = { PATH: process.env.PATH ?? '', RUNNING_SETTINGS_FILE: file, ConfigurationMap: '' };
    const host = await startHost(['--emulator-ports', 'free', '--port', '0'], {
      RUNNING_SETTINGS_FILE: file,
      RebuildSettleInMs: '300',
    });
    try {
      expect(host.output()).toContain('Settings of this instance');
      expect(host.output()).toMatch(
        /EventStorage=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1/,
      );
      const recorded = JSON.parse(readFileSync(file, 'utf8')) as {
        pid: number;
        url: string;
        settings: object;
      };
      expect(recorded).toMatchObject({ pid: host.child.pid, url: host.url });
      expect(Object.keys(recorded.settings).sort()).toEqual([
        'AzureWebJobsStorage',
        'EventStorage',
        'ServiceBusConnection',
      ]);

      const id = uniqueId('acc');
      const opened = await fetch(`${host.url}/commands/bank.account/${id}/open`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ owner: 'Ada' }),
      });
      expect(opened.status).toBe(200);

      // The script works the job's steps itself (beside the host, on the instance's rebuild queue).
      const rebuild = spawnSync(process.execPath, [script('rebuild'), 'account-balance'], {
        encoding: 'utf8',
        env: { ...bare, RebuildSettleInMs: '300' },
      });
      expect(rebuild.stderr).toContain(`Settings from the instance started`);
      expect(rebuild.stderr).not.toContain('failed');
      expect(JSON.parse(rebuild.stdout)).toMatchObject({ projection: 'account-balance', phase: 'finished' });
      expect(rebuild.status).toBe(0);

      const deadLetters = spawnSync(process.execPath, [script('deadLetters'), 'list'], {
        encoding: 'utf8',
        env: bare,
      });
      expect(deadLetters.stderr).toContain('0 message(s) in the dead-letter queue of events/projections');
      expect(deadLetters.status).toBe(0);

      // consume reaches the instance's bus: it prints the event of a command sent while it listens.
      const consumer = spawn(process.execPath, [script('consume'), '--subscription', 'downstream'], {
        env: bare,
      });
      let printed = '';
      consumer.stdout.on('data', (chunk: Buffer) => {
        printed += chunk.toString();
      });
      const listening = new Promise((resolve) =>
        consumer.stderr.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('Listening on')) resolve(undefined);
        }),
      );
      await listening;
      const deposited = await fetch(`${host.url}/commands/bank.account/${id}/deposit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 5 }),
      });
      expect(deposited.status).toBe(200);
      for (let tries = 0; tries < 100 && !printed.includes(`bank.account/${id} v2`); tries++)
        await new Promise((resolve) => setTimeout(resolve, 100));
      consumer.kill('SIGTERM');
      expect(printed).toContain(`bank.account/${id} v2  MoneyDeposited`);
    } finally {
      await host.stop();
    }
    expect(existsSync(file)).toBe(false);
  });
});
