// The CLI's command line: which ports, where Azurite persists, which Service Bus entities, and how the CLI
// learns that its parent has gone. Turned into the options startEmulators takes.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readEntitiesFile } from './entitiesFile.js';
import { findFreePorts } from './ports.js';
import { DEFAULT_EMULATOR_PORTS, type EmulatorPorts, type StartEmulatorsOptions } from './start.js';

export const USAGE = `Usage: node dist/emulators/cli.js [options]   (from a checkout, after npm run build;
       or npx ./emulators [options])

Starts Azurite (Blob, Queue, Table), the Azure Files emulator and the Service Bus emulator, prints
READY {json} on stdout once they serve (ports, connection strings, the Service Bus administration API's
certificate), and runs until Ctrl-C or SIGTERM.

  --ports default|free       default: 10000 blob, 10001 queue, 10002 table, 10003 file, 5672 Service Bus;
                             free: unused ports (to run beside another instance)
  --blob-port N, --queue-port N, --table-port N, --file-port N, --service-bus-port N
                             one service on a port of your choice
  --persist DIR              Azurite keeps its data in DIR, the Files emulator in DIR/files and the
                             Service Bus emulator in DIR/servicebus
  --entities FILE            Service Bus topics, subscriptions and queues (JSON); default: none
  --no-summary               no human-readable summary on stderr (READY is still printed)
  --exit-on-stdin-close      stop when stdin closes (for parents without an IPC channel)
  --help                     this text`;

const PORT_FLAGS: Record<string, keyof EmulatorPorts> = {
  'blob-port': 'blob',
  'queue-port': 'queue',
  'table-port': 'table',
  'file-port': 'file',
  'service-bus-port': 'serviceBus',
};

export interface CliArguments {
  help: boolean;
  summary: boolean;
  exitOnStdinClose: boolean;
  emulators: Omit<StartEmulatorsOptions, 'onProgress'>;
}

export async function parseCliArguments(argv: string[]): Promise<CliArguments> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ports: { type: 'string', default: 'default' },
      persist: { type: 'string' },
      entities: { type: 'string' },
      'no-summary': { type: 'boolean', default: false },
      'exit-on-stdin-close': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      ...Object.fromEntries(Object.keys(PORT_FLAGS).map((flag) => [flag, { type: 'string' as const }])),
    },
  });
  const base = values.ports;
  if (base !== 'default' && base !== 'free')
    throw new Error(`--ports must be "default" or "free", not "${base}"`);
  const chosen: Partial<EmulatorPorts> = {};
  for (const [flag, service] of Object.entries(PORT_FLAGS)) {
    const value = values[flag as keyof typeof values];
    if (typeof value === 'string') chosen[service] = portNumber(flag, value);
  }
  const persist = values.persist;
  const entities = values.entities;
  return {
    help: values.help === true,
    summary: values['no-summary'] !== true,
    exitOnStdinClose: values['exit-on-stdin-close'] === true,
    emulators: {
      ports: await resolvePorts(base, chosen),
      ...(typeof persist === 'string' ? { persistFolder: resolve(persist) } : {}),
      ...(typeof entities === 'string' ? { serviceBusEntities: readEntitiesFile(entities) } : {}),
    },
  };
}

function portNumber(flag: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new Error(`--${flag} must be a port number from 1 to 65535, not "${value}"`);
  return port;
}

/** Ports named one by one win; the others are the well-known ones, or unused ones with `--ports free`. */
async function resolvePorts(
  base: 'default' | 'free',
  chosen: Partial<EmulatorPorts>,
): Promise<EmulatorPorts | 'free'> {
  if (base === 'default') return { ...DEFAULT_EMULATOR_PORTS, ...chosen };
  if (Object.keys(chosen).length === 0) return 'free';
  // Azurite must be told its ports; the Files and Service Bus emulators take any free one for 0.
  const [blob, queue, table] = (await findFreePorts(3)) as [number, number, number];
  return { blob, queue, table, file: 0, serviceBus: 0, ...chosen };
}
