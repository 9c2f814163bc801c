// A crash in the middle of a Local File append leaves a last line without its newline: readers ignore it and
// the next append replaces it, so the stream reads as if the torn write never happened.
import { appendFile, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalFileEventStore } from '../../src/stores/localFile/localFileEventStore.js';
import { makeEvents } from '../support/envelopes.js';

describe('Local File store after a torn write', () => {
  it('ignores the torn last line and overwrites it with the next append', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'torn-'));
    const store = new LocalFileEventStore({ folder, fsync: false });
    const stream = { aggregateType: 'test.thing', aggregateId: 'torn' };
    await store.appendToStream(stream, 0, makeEvents(stream, 0, 2));
    const [file] = await readdir(join(folder, 'test.thing'));
    const path = join(folder, 'test.thing', file as string);
    await appendFile(path, '[{"eventId":"half-writ'); // the crash: no closing bracket, no newline
    const read = await store.readStream(stream);
    expect(read.streamVersion).toBe(2);
    expect(read.events.map((event) => event.version)).toEqual([1, 2]);
    await store.appendToStream(stream, 2, makeEvents(stream, 2, 1));
    expect((await store.readStream(stream)).events.map((event) => event.version)).toEqual([1, 2, 3]);
    const content = await readFile(path, 'utf8');
    expect(content).not.toContain('half-writ');
    expect(content.endsWith('\n')).toBe(true);
  });
});
