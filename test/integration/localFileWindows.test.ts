// Issue 10, item 6 on the Local File store: a page from anywhere in a long stream reads about what it returns
// (the head from the file's tail, the first line by binary search, then only the wanted lines), and returns
// exactly the events a full read would.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalFileEventStore } from '../../src/stores/localFile/localFileEventStore.js';
import { makeEvents } from '../support/envelopes.js';

const stream = { aggregateType: 'test.thing', aggregateId: 'long' };
let store: LocalFileEventStore;
let path: string;
const COMMANDS = 600;

beforeAll(async () => {
  const folder = await mkdtemp(join(tmpdir(), 'windows-'));
  store = new LocalFileEventStore({ folder, fsync: false });
  // Commands of 1-3 events with data of varying size, so lines differ in length.
  let version = 0;
  for (let n = 0; n < COMMANDS; n++) {
    const count = 1 + (n % 3);
    const events = makeEvents(stream, version, count, (v) => ({ n: v, text: 'x'.repeat((v * 37) % 400) }));
    await store.appendToStream(stream, version, events);
    version += count;
  }
  const [file] = await readdir(join(folder, 'test.thing'));
  path = join(folder, 'test.thing', file as string);
});

describe('item 6: Local File reads a window without reading the stream', () => {
  it('returns exactly the versions asked for, from anywhere in the stream', async () => {
    const whole = await store.readStream(stream);
    const head = whole.streamVersion;
    expect(head).toBe(COMMANDS * 2);
    for (const [fromVersion, limit] of [
      [1, 10],
      [2, 1],
      [37, 100],
      [600, 50],
      [head - 5, 100],
      [head, 1],
      [head + 1, 10],
    ] as const) {
      const page = await store.readStream(stream, { fromVersion, limit });
      const expected = whole.events.filter(
        (e) => e.version >= fromVersion && e.version < fromVersion + limit,
      );
      expect(page.events).toEqual(expected);
      expect(page.streamVersion).toBe(head);
    }
  });

  it('gives a bookmark that continues where the page ended', async () => {
    const page = await store.readStream(stream, { fromVersion: 700, limit: 3 });
    const rest = await store.readStream(stream, { after: page.position, limit: 2 });
    expect(rest.events.map((event) => event.version)).toEqual([703, 704]);
  });

  it('never parses the lines before the window: damage far before it does not stop the page', async () => {
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[5] = '[{"this is": "not an envelope"';
    await writeFile(path, lines.join('\n'));
    const page = await store.readStream(stream, { fromVersion: 1000, limit: 5 });
    expect(page.events.map((event) => event.version)).toEqual([1000, 1001, 1002, 1003, 1004]);
    await expect(store.readStream(stream)).rejects.toMatchObject({ code: 'unreadable-event' });
  });
});
