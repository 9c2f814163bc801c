// The Local File store stays contiguous when writers in separate processes append to one stream.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LocalFileEventStore } from '../../src/stores/localFile/localFileEventStore.js';

const writer = fileURLToPath(new URL('../support/localFileWriter.mjs', import.meta.url));
const run = promisify(execFile);

describe('Local File store across processes', () => {
  it('keeps versions contiguous with three processes appending 40 events each to one stream', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'local-file-processes-'));
    const outputs = await Promise.all(
      ['a', 'b', 'c'].map((name) => run(process.execPath, [writer, folder, 'shared', name, '40'])),
    );
    const { events, streamVersion } = await new LocalFileEventStore({ folder }).readStream({
      aggregateType: 'test.thing',
      aggregateId: 'shared',
    });
    expect(streamVersion).toBe(120);
    expect(events.map((event) => event.version)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    const written = events.map((event) => JSON.stringify(event.data)).sort();
    const expected = ['a', 'b', 'c'].flatMap((name) =>
      Array.from({ length: 40 }, (_, n) => JSON.stringify({ writer: name, n })),
    );
    expect(written).toEqual(expected.sort());
    const conflicts = outputs.reduce(
      (sum, { stdout }) => sum + (JSON.parse(stdout) as { conflicts: number }).conflicts,
      0,
    );
    console.info(`three processes x 40 appends: ${conflicts} conflicts, all retried`);
  });
});
