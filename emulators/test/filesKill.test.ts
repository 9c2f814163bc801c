// kill -9 of the emulators' CLI with `--persist`: every change the Files emulator acknowledged (shares,
// directories, ranges, metadata, a lease), including those acknowledged while concurrent writers were still
// going when the kill came, is there after a restart on the same ports and folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShareServiceClient } from '@azure/storage-file-share';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startFilesEmulator } from '../files/index.js';
import { type CliProcess, descendants, isAlive, runCli } from './cliProcess.js';

const folder = mkdtempSync(join(tmpdir(), 'emulators-kill-'));
const running: CliProcess[] = [];

afterAll(() => {
  for (const cli of running) if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
});

const read = async (service: ShareServiceClient, path: string, offset: number, count: number) => {
  const [share = '', ...rest] = path.split('/');
  const file = service
    .getShareClient(share)
    .getDirectoryClient(rest.slice(0, -1).join('/'))
    .getFileClient(rest.at(-1) ?? '');
  return (await file.downloadToBuffer(offset, count)).toString();
};

describe('the Files emulator under kill -9 with --persist', () => {
  it('keeps every acknowledged change across a SIGKILL in mid-load and a restart on the same ports', async () => {
    const first = runCli(['--ports', 'free', '--persist', folder, '--no-summary']);
    running.push(first);
    const { ports, connectionStrings } = await first.ready;
    const service = ShareServiceClient.fromConnectionString(connectionStrings.storage);
    const share = service.getShareClient('durable');
    await share.create({ metadata: { owner: 'kill-test' } });
    const directory = share.getDirectoryClient('streams');
    await directory.create();
    const leased = directory.getFileClient('leased.log');
    await leased.create(16);
    const { leaseId } = await leased.getShareLeaseClient().acquireLease(-1);
    const file = directory.getFileClient('load.log');
    await file.create(1024 * 1024);
    // Eight writers, each its own 64-byte slots; every acknowledged write is recorded.
    const acknowledged: { offset: number; text: string }[] = [];
    let stop = false;
    const writer = async (id: number) => {
      for (let n = 0; !stop; n++) {
        const offset = (n * 8 + id) * 64;
        const text = `writer ${id} write ${n}`.padEnd(64, '.');
        try {
          await file.uploadRange(Buffer.from(text), offset, 64);
          acknowledged.push({ offset, text });
        } catch {
          return; // the kill: this write was never acknowledged
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, id) => writer(id));
    await vi.waitFor(() => expect(acknowledged.length).toBeGreaterThan(200), { timeout: 20_000 });
    const children = descendants(first.child.pid as number);
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await first.exited;
    // Azurite's child process notices its parent is gone and stops; then the ports are free again.
    await vi.waitFor(() => expect(children.filter(isAlive)).toEqual([]), { timeout: 20_000 });

    const portFlags = ['--blob-port', ports.blob, '--queue-port', ports.queue, '--table-port', ports.table];
    const fixed = [...portFlags, '--file-port', ports.file, '--service-bus-port', ports.serviceBus].map(
      String,
    );
    const second = runCli([...fixed, '--persist', folder, '--no-summary']);
    running.push(second);
    const restarted = await second.ready;
    expect(restarted.ports).toEqual(ports);
    const again = ShareServiceClient.fromConnectionString(restarted.connectionStrings.storage);
    expect((await again.getShareClient('durable').getProperties()).metadata).toEqual({ owner: 'kill-test' });
    const lease = await again
      .getShareClient('durable')
      .getDirectoryClient('streams')
      .getFileClient('leased.log')
      .getProperties();
    expect(lease.leaseState).toBe('leased');
    const missing = [];
    for (const { offset, text } of acknowledged)
      if ((await read(again, 'durable/streams/load.log', offset, 64)) !== text) missing.push(offset);
    expect(missing).toEqual([]);
    // The lease id acknowledged before the kill still holds the file.
    await again
      .getShareClient('durable')
      .getDirectoryClient('streams')
      .getFileClient('leased.log')
      .uploadRange(Buffer.from('still mine'), 0, 10, { leaseAccessConditions: { leaseId } });

    // One emulator per folder: another one refuses it while the CLI holds it.
    await expect(startFilesEmulator({ port: 0, persistFolder: join(folder, 'files') })).rejects.toThrow(
      `is in use by process ${second.child.pid}`,
    );
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
