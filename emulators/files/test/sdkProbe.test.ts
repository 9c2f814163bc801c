// The SDK probe (issue 12, Build 3): every Azure Files operation people's tools use, walked through the
// official @azure/storage-file-share SDK against the emulators as the CLI starts them (with --persist), each
// answer asserted; the operations it does not offer must fail fast with a 4xx. The compatibility table in
// emulators/README.md is checked against this list: a row marked supported names a probe here, and back.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ShareServiceClient } from '@azure/storage-file-share';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliProcess, runCli } from '../../test/cliProcess.js';
import { authProbes, unsupportedProbes } from './probe/authAndUnsupportedProbes.js';
import { fileAndDirectoryProbes } from './probe/fileAndDirectoryProbes.js';
import type { ProbeContext } from './probe/probeContext.js';
import { serviceAndShareProbes } from './probe/serviceAndShareProbes.js';

const supported = { ...serviceAndShareProbes, ...fileAndDirectoryProbes, ...authProbes };

let cli: CliProcess;
let context: ProbeContext;

beforeAll(async () => {
  cli = runCli(['--ports', 'free', '--no-summary', '--persist', mkdtempSync(join(tmpdir(), 'files-probe-'))]);
  const connectionString = (await cli.ready).connectionStrings.storage;
  const service = ShareServiceClient.fromConnectionString(connectionString);
  let count = 0;
  const newShare = async () => {
    const share = service.getShareClient(`probe-${Date.now().toString(36)}-${count++}`);
    await share.create();
    return share;
  };
  context = {
    service,
    connectionString,
    newShare,
    newFile: async (size) => {
      const file = (await newShare()).rootDirectoryClient.getFileClient('probe.bin');
      await file.create(size);
      return file;
    },
  };
});

afterAll(async () => {
  cli.child.kill('SIGTERM');
  await cli.exited;
});

describe('supported operations', () => {
  for (const [operation, probe] of Object.entries(supported)) it(operation, () => probe(context));
});

describe('unsupported operations fail fast with a 4xx', () => {
  for (const [operation, probe] of Object.entries(unsupportedProbes)) it(operation, () => probe(context));
});

interface TableRow {
  operation: string;
  supported: string;
  notes: string;
}

const readmeTable = (): TableRow[] => {
  const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
  const section =
    /<!-- files-compatibility[^>]*-->([\s\S]*?)<!-- \/files-compatibility -->/.exec(readme)?.[1] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && !line.startsWith('|---') && !line.startsWith('| operation'))
    .map((line) => {
      const [operation = '', supportedCell = '', notes = ''] = line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());
      return { operation, supported: supportedCell, notes };
    });
};

describe('the compatibility table in emulators/README.md', () => {
  it('marks supported exactly the operations probed above, and gives a reason for every one that is not', () => {
    const rows = readmeTable();
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((row) => row.operation)).size).toBe(rows.length);
    const marked = rows.filter((row) => row.supported === 'yes').map((row) => row.operation);
    expect(marked.sort()).toEqual(Object.keys(supported).sort());
    const notSupported = rows.filter((row) => row.supported === 'no');
    expect(notSupported.filter((row) => row.notes === '')).toEqual([]);
    expect(rows.filter((row) => !['yes', 'no'].includes(row.supported))).toEqual([]);
    for (const operation of Object.keys(unsupportedProbes))
      expect(notSupported.map((row) => row.operation)).toContain(operation);
  });
});
