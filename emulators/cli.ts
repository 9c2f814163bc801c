// The emulators as a command: starts Azurite, the Azure Files emulator and the Service Bus emulator, prints
// `READY {json}` (ports and connection strings) as its one line on stdout, progress and a summary on
// stderr, and stops everything on Ctrl-C, SIGTERM, or when its parent goes away. `npm run emulators` runs
// it; so does the app's local host, as a child process. Usage: see USAGE in cliArguments.ts.
import { join } from 'node:path';
import { type CliArguments, parseCliArguments, USAGE } from './cliArguments.js';
import { type RunningEmulators, type ServiceBusEntities, startEmulators } from './start.js';

/** The Azurite child exits on its own once we are gone; this bounds the rest of a stop. */
const STOP_DEADLINE_IN_MS = 4_000;

const progress = (message: string) => process.stderr.write(`${message}\n`);
let starting: Promise<RunningEmulators> | undefined;
let stopping = false;

async function main(): Promise<void> {
  const args = await parseCliArguments(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  watchParent(args);
  starting = startEmulators({ ...args.emulators, onProgress: progress });
  const emulators = await starting;
  if (stopping) return;
  const ready = {
    ports: emulators.ports,
    connectionStrings: emulators.connectionStrings,
    persistFolder: args.emulators.persistFolder ?? null,
    serviceBusCertificate: emulators.serviceBusCertificate,
  };
  process.stdout.write(`READY ${JSON.stringify(ready)}\n`);
  if (args.summary) progress(summary(emulators, args));
}

/** IPC: the parent's death closes the channel. stdin, when asked: the parent's death closes the pipe. */
function watchParent(args: CliArguments): void {
  if (process.channel) process.once('disconnect', () => void stop('parent process gone'));
  if (args.exitOnStdinClose) {
    process.stdin.once('close', () => void stop('stdin closed'));
    process.stdin.resume();
  }
}

async function stop(reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  progress(`${reason}: stopping the emulators…`);
  setTimeout(() => {
    progress('Could not stop the emulators in time; exiting anyway.');
    process.exit(1);
  }, STOP_DEADLINE_IN_MS).unref();
  const emulators = await starting?.catch(() => undefined);
  await emulators?.stop();
  progress('Emulators stopped.');
  process.exit(0);
}

function summary(
  { ports, connectionStrings, serviceBusCertificate }: RunningEmulators,
  args: CliArguments,
): string {
  const persist = args.emulators.persistFolder;
  return [
    'Emulators ready:',
    `  Azurite         blob ${ports.blob}, queue ${ports.queue}, table ${ports.table}` +
      (persist ? ` (data in ${persist})` : ' (in memory)'),
    `  Azure Files     file ${ports.file}` +
      (persist ? ` (data in ${join(persist, 'files')})` : ' (in memory)'),
    `  Service Bus     AMQP ${ports.serviceBus}` +
      (persist ? ` (data in ${join(persist, 'servicebus')})` : ' (in memory)') +
      `: ${describeEntities(args.emulators.serviceBusEntities)}`,
    `  Service Bus administration API: HTTPS on port ${ports.serviceBus}; trust its certificate with`,
    `    NODE_EXTRA_CA_CERTS=${serviceBusCertificate}`,
    'Storage connection string (Blob, Queue, Table and File endpoints):',
    `  ${connectionStrings.storage}`,
    'Service Bus connection string:',
    `  ${connectionStrings.serviceBus}`,
    'Press Ctrl-C to stop.',
  ].join('\n');
}

function describeEntities(entities: ServiceBusEntities | undefined): string {
  const topics = (entities?.topics ?? []).map(
    (topic) => `topic ${topic.name} [${topic.subscriptions.map((s) => s.name).join(', ')}]`,
  );
  const queues = (entities?.queues ?? []).map((queue) => `queue ${queue.name}`);
  const all = [...topics, ...queues];
  return all.length > 0 ? all.join(', ') : 'no topics or queues (--entities FILE creates them)';
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));

main().catch((error: unknown) => {
  if (stopping) return;
  progress(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
