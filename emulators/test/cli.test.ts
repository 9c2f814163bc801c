// The emulators' CLI as a user runs it: a child process on free ports whose READY line carries connection
// strings that the official SDKs use unchanged (Blob, Table, File, and Service Bus with the topics of an
// `--entities` file), and that stops cleanly, leaving no process behind, however its parent lets it go.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TableClient } from '@azure/data-tables';
import { ServiceBusClient } from '@azure/service-bus';
import { BlobServiceClient } from '@azure/storage-blob';
import { ShareServiceClient } from '@azure/storage-file-share';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isPortFree } from '../ports.js';
import { type CliProcess, descendants, isAlive, type Ready, runCli } from './cliProcess.js';

const folder = mkdtempSync(join(tmpdir(), 'emulators-cli-'));
const entitiesFile = join(folder, 'entities.json');
writeFileSync(
  entitiesFile,
  JSON.stringify({ topics: [{ name: 'orders', subscriptions: [{ name: 'audit' }] }] }),
);

describe('the emulators CLI on free ports', () => {
  let cli: CliProcess;
  let ready: Ready;
  let started: number[];

  beforeAll(async () => {
    cli = runCli(['--ports', 'free', '--entities', entitiesFile]);
    ready = await cli.ready;
    started = descendants(cli.child.pid as number);
  });

  afterAll(() => {
    if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
  });

  it('prints READY with every port and both connection strings, then a summary on stderr', async () => {
    const { ports, connectionStrings } = ready;
    for (const port of Object.values(ports)) expect(port).toBeGreaterThan(0);
    expect(connectionStrings.storage).toContain(
      `FileEndpoint=http://127.0.0.1:${ports.file}/devstoreaccount1`,
    );
    expect(connectionStrings.serviceBus).toContain(`Endpoint=sb://127.0.0.1:${ports.serviceBus};`);
    expect(cli.stdout().trim().split('\n')).toHaveLength(1);
    await vi.waitFor(() => expect(cli.stderr()).toContain('Press Ctrl-C to stop.'));
    expect(cli.stderr()).toContain(
      `Service Bus     AMQP ${ports.serviceBus} (in memory): topic orders [audit]`,
    );
    expect(cli.stderr()).toContain(connectionStrings.storage);
    expect(started.length).toBeGreaterThan(0); // Azurite runs in a child process of its own
  });

  it('serves a blob container, a table and a file share through the printed storage connection string', async () => {
    const storage = ready.connectionStrings.storage;
    const container = BlobServiceClient.fromConnectionString(storage).getContainerClient('cli-container');
    await container.create();
    await container.getBlockBlobClient('greeting.txt').upload('hello', 5);
    expect((await container.getBlobClient('greeting.txt').downloadToBuffer()).toString()).toBe('hello');

    const table = TableClient.fromConnectionString(storage, 'clitable', { allowInsecureConnection: true });
    await table.createTable();
    await table.createEntity({ partitionKey: 'p', rowKey: 'r', value: 42 });
    expect((await table.getEntity<{ value: number }>('p', 'r')).value).toBe(42);

    const share = ShareServiceClient.fromConnectionString(storage).getShareClient('cli-share');
    await share.create();
    const file = share.rootDirectoryClient.getFileClient('greeting.txt');
    await file.create(5);
    await file.uploadRange(Buffer.from('hello'), 0, 5);
    expect((await file.downloadToBuffer()).toString()).toBe('hello');
  });

  it('sends and receives on the topic the --entities file defines, and knows no other', async () => {
    const client = new ServiceBusClient(ready.connectionStrings.serviceBus);
    try {
      await client.createSender('orders').sendMessages({ body: { order: 1 }, messageId: 'order-1' });
      const receiver = client.createReceiver('orders', 'audit');
      const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 5_000 });
      expect(message?.body).toEqual({ order: 1 });
      if (message) await receiver.completeMessage(message);
      const unknown = await client
        .createSender('events')
        .sendMessages({ body: 'x' })
        .catch((error: { code?: string }) => error.code);
      expect(unknown).toBe('MessagingEntityNotFound');
    } finally {
      await client.close();
    }
  });

  it('stops on SIGTERM with exit code 0, frees its ports and leaves no process behind', async () => {
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.stderr()).toContain('Emulators stopped.');
    expect(started.filter(isAlive)).toEqual([]);
    for (const port of Object.values(ready.ports)) expect(await isPortFree(port)).toBe(true);
  });
});

describe('the emulators CLI when its parent goes away', () => {
  it.each([
    [
      'its IPC channel closes',
      ['--ports', 'free'],
      { ipc: true },
      (cli: CliProcess) => cli.child.disconnect(),
    ],
    [
      'stdin closes (--exit-on-stdin-close)',
      ['--ports', 'free', '--exit-on-stdin-close'],
      { ipc: false },
      (cli: CliProcess) => cli.child.stdin?.end(),
    ],
  ])('stops when %s, leaving no process behind', async (_, args, options, leave) => {
    const cli = runCli(args, options);
    await cli.ready;
    const started = descendants(cli.child.pid as number);
    expect(started.length).toBeGreaterThan(0);
    leave(cli);
    expect(await cli.exited).toBe(0);
    expect(started.filter(isAlive)).toEqual([]);
  });
});

describe('the npx entry point (emulators/package.json "bin")', () => {
  it('runs the same CLI', () => {
    const bin = fileURLToPath(new URL('../bin/azure-local-emulators.js', import.meta.url));
    const usage = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(usage).toContain('--persist DIR');
    expect(usage).toContain('--entities FILE');
  });
});

describe('the emulators CLI refusing to start', () => {
  it('names the port and its purpose when a port is taken, and exits 1 without READY', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const cli = runCli(['--ports', 'free', '--file-port', String(port)]);
      expect(await cli.exited).toBe(1);
      expect(cli.stderr()).toContain(`Port ${port} (Azure Files emulator) is already in use`);
      expect(cli.stdout()).not.toContain('READY');
    } finally {
      blocker.close();
    }
  });

  it('names the entry at fault in an --entities file', async () => {
    const bad = join(folder, 'bad.json');
    writeFileSync(bad, JSON.stringify({ topics: [{ name: 'orders', subscription: [] }] }));
    const cli = runCli(['--ports', 'free', '--entities', bad]);
    expect(await cli.exited).toBe(1);
    expect(cli.stderr()).toContain(`--entities ${bad}: topics[0] has an unknown field "subscription"`);
  });

  it('names a subscription rule at fault: a filter of two kinds, or SQL that does not parse', async () => {
    const twoKinds = join(folder, 'two-kinds.json');
    const rule = { name: 'red', filter: { sql: "color = 'red'", true: true } };
    writeFileSync(
      twoKinds,
      JSON.stringify({ topics: [{ name: 't', subscriptions: [{ name: 's', rules: [rule] }] }] }),
    );
    const first = runCli(['--ports', 'free', '--entities', twoKinds]);
    expect(await first.exited).toBe(1);
    expect(first.stderr()).toContain(
      `--entities ${twoKinds}: topics[0].subscriptions[0].rules[0].filter must have exactly one of sql, correlation`,
    );

    const badSql = join(folder, 'bad-sql.json');
    const broken = { name: 'broken', filter: { sql: 'color = ' } };
    writeFileSync(
      badSql,
      JSON.stringify({ topics: [{ name: 't', subscriptions: [{ name: 's', rules: [broken] }] }] }),
    );
    const second = runCli(['--ports', 'free', '--entities', badSql]);
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toContain("rule 'broken': An expression expected at position 8");
  });
});
