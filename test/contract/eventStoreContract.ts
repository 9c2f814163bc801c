// The one contract every EventStore adapter passes, with the same assertions for each.
import { describe, expect, it } from 'vitest';
import { ConcurrencyError, PayloadTooLargeError } from '../../src/errors.js';
import type { EventStore, StreamId } from '../../src/stores/eventStore.js';
import { makeEvents, uniqueAggregateType, uniqueId } from '../support/envelopes.js';

export function describeEventStoreContract(name: string, getStore: () => EventStore): void {
  describe(`EventStore contract: ${name}`, () => {
    const newStream = (): StreamId => ({ aggregateType: 'test.thing', aggregateId: uniqueId() });

    it('reads a stream that was never written as empty, at version 0', async () => {
      const result = await getStore().readStream(newStream());
      expect(result).toEqual({ events: [], streamVersion: 0 });
    });

    it('appends to a new stream and reads the envelopes back unchanged', async () => {
      const stream = newStream();
      const events = makeEvents(stream, 0, 3);
      const appended = await getStore().appendToStream(stream, 0, events);
      expect(appended.streamVersion).toBe(3);
      expect(await getStore().readStream(stream)).toEqual({
        events,
        streamVersion: 3,
        position: appended.position,
      });
    });

    it('continues a stream with contiguous versions', async () => {
      const stream = newStream();
      const store = getStore();
      await store.appendToStream(stream, 0, makeEvents(stream, 0, 2));
      await store.appendToStream(stream, 2, makeEvents(stream, 2, 3));
      await store.appendToStream(stream, 5, makeEvents(stream, 5, 1));
      const { events, streamVersion } = await store.readStream(stream);
      expect(streamVersion).toBe(6);
      expect(events.map((event) => event.version)).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it.each([
      ['stale', 1],
      ['ahead of the head', 3],
      ['0 on an existing stream', 0],
    ])('rejects an expected version that is %s and writes nothing', async (_, expectedVersion) => {
      const stream = newStream();
      const store = getStore();
      await store.appendToStream(stream, 0, makeEvents(stream, 0, 2));
      const before = await store.readStream(stream);
      const attempt = store.appendToStream(stream, expectedVersion, makeEvents(stream, expectedVersion, 2));
      await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await store.readStream(stream)).toEqual(before);
    });

    it('lets 16 parallel writers on one stream lose nothing and duplicate nothing', async () => {
      const stream = newStream();
      const store = getStore();
      const writer = async (writerId: number) => {
        let conflicts = 0;
        for (let n = 0; n < 5; n++) {
          for (;;) {
            const { streamVersion } = await store.readStream(stream, {
              fromVersion: Number.MAX_SAFE_INTEGER,
            });
            try {
              await store.appendToStream(
                stream,
                streamVersion,
                makeEvents(stream, streamVersion, 1, () => ({ writerId, n })),
              );
              break;
            } catch (error) {
              if (!(error instanceof ConcurrencyError)) throw error;
              conflicts++;
            }
          }
        }
        return conflicts;
      };
      await Promise.all(Array.from({ length: 16 }, (_, writerId) => writer(writerId)));
      const { events, streamVersion } = await store.readStream(stream);
      expect(streamVersion).toBe(80);
      expect(events.map((event) => event.version)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
      const written = events.map((event) => JSON.stringify(event.data)).sort();
      const expected = Array.from({ length: 16 }, (_, writerId) =>
        Array.from({ length: 5 }, (_, n) => JSON.stringify({ writerId, n })),
      ).flat();
      expect(written).toEqual(expected.sort());
    });

    it('reads from any version, with or without a limit', async () => {
      const stream = newStream();
      const store = getStore();
      await store.appendToStream(stream, 0, makeEvents(stream, 0, 4));
      await store.appendToStream(stream, 4, makeEvents(stream, 4, 4));
      for (let from = 1; from <= 9; from++) {
        const { events, streamVersion } = await store.readStream(stream, { fromVersion: from });
        expect(streamVersion).toBe(8);
        expect(events.map((event) => event.version)).toEqual(range(from, 8));
      }
      const page = await store.readStream(stream, { fromVersion: 3, limit: 4 });
      expect(page.events.map((event) => event.version)).toEqual([3, 4, 5, 6]);
      expect(page.streamVersion).toBe(8);
    });

    it('reads only what follows a bookmark from a read or an append', async () => {
      const stream = newStream();
      const store = getStore();
      await store.appendToStream(stream, 0, makeEvents(stream, 0, 3));
      const second = await store.appendToStream(stream, 3, makeEvents(stream, 3, 2));
      expect(second.position.version).toBe(5);
      const firstPage = await store.readStream(stream, { limit: 2 });
      expect(firstPage.position?.version).toBe(2);
      const rest = await store.readStream(stream, { after: firstPage.position });
      expect(rest.events.map((event) => event.version)).toEqual([3, 4, 5]);
      expect(rest.position?.version).toBe(5);
      await store.appendToStream(stream, 5, makeEvents(stream, 5, 1));
      const afterAppend = await store.readStream(stream, { after: second.position });
      expect(afterAppend.events.map((event) => event.version)).toEqual([6]);
      const atHead = await store.readStream(stream, { after: afterAppend.position });
      expect(atHead).toEqual({ events: [], streamVersion: 6 });
    });

    it('lists the streams of one aggregate type, in pages', async () => {
      const store = getStore();
      const aggregateType = uniqueAggregateType();
      const ids = ['a-1', 'b-2', 'c-3', 'D-4', 'e.5@x'];
      for (const aggregateId of ids) {
        const stream = { aggregateType, aggregateId };
        await store.appendToStream(stream, 0, makeEvents(stream, 0, 1));
      }
      const other = { aggregateType: uniqueAggregateType(), aggregateId: 'a-1' };
      await store.appendToStream(other, 0, makeEvents(other, 0, 1));
      const listed: string[] = [];
      let continuationToken: string | undefined;
      let pages = 0;
      do {
        const page = await store.listStreams(aggregateType, { pageSize: 2, continuationToken });
        expect(page.aggregateIds.length).toBeLessThanOrEqual(2);
        listed.push(...page.aggregateIds);
        continuationToken = page.continuationToken;
        pages++;
      } while (continuationToken !== undefined && pages < 10);
      expect(listed.sort()).toEqual([...ids].sort());
      expect(pages).toBeGreaterThanOrEqual(3);
    });

    it('keeps streams of two aggregate types, and two ids differing only in case, apart', async () => {
      const store = getStore();
      const id = uniqueId('Case');
      const streams: StreamId[] = [
        { aggregateType: 'test.thing', aggregateId: id },
        { aggregateType: 'test.thing', aggregateId: id.toLowerCase() },
        { aggregateType: 'test.other', aggregateId: id },
      ];
      for (const [index, stream] of streams.entries()) {
        await store.appendToStream(
          stream,
          0,
          makeEvents(stream, 0, index + 1, () => ({ index })),
        );
      }
      for (const [index, stream] of streams.entries()) {
        const { events } = await store.readStream(stream);
        expect(events.map((event) => event.data)).toEqual(Array(index + 1).fill({ index }));
      }
    });

    it('round-trips unicode and any JSON losslessly', async () => {
      const stream = newStream();
      const data = {
        text: 'Grüße 👋🏽 日本語 עברית \u0000\u001f "quotes" \\ back\nslash',
        'key with spaces.and.dots$': [1, -2.5, 9007199254740991, 1e-7, true, false, null, '', { deep: [[]] }],
        nested: { a: { b: { c: 'd' } }, empty: {} },
        Version: 'collides with a column name',
        n: 0,
      };
      await getStore().appendToStream(
        stream,
        0,
        makeEvents(stream, 0, 1, () => data),
      );
      const [event] = (await getStore().readStream(stream)).events;
      expect(event?.data).toEqual(data);
    });

    it('round-trips a large payload just inside the event limit', async () => {
      const store = getStore();
      const stream = newStream();
      const big = 'ü€'.repeat(Math.floor((store.limits.maxEventBytes - 2048) / 5));
      await store.appendToStream(
        stream,
        0,
        makeEvents(stream, 0, 2, (version) => ({ big, version })),
      );
      const { events } = await store.readStream(stream);
      expect(events.map((event) => event.data)).toEqual([
        { big, version: 1 },
        { big, version: 2 },
      ]);
    });

    it('rejects too many events, or an event over the size limit, with 413 before writing', async () => {
      const store = getStore();
      const stream = newStream();
      await store.appendToStream(stream, 0, makeEvents(stream, 0, 1));
      const tooMany = makeEvents(stream, 1, store.limits.maxEventsPerAppend + 1);
      await expect(store.appendToStream(stream, 1, tooMany)).rejects.toBeInstanceOf(PayloadTooLargeError);
      const huge = 'x'.repeat(store.limits.maxEventBytes + 1);
      const oneTooBig = makeEvents(stream, 1, 3, (version) => (version === 3 ? { huge } : { ok: true }));
      await expect(store.appendToStream(stream, 1, oneTooBig)).rejects.toBeInstanceOf(PayloadTooLargeError);
      expect((await store.readStream(stream)).streamVersion).toBe(1);
    });

    it('accepts the largest append allowed', async () => {
      const store = getStore();
      const stream = newStream();
      await store.appendToStream(stream, 0, makeEvents(stream, 0, store.limits.maxEventsPerAppend));
      expect((await store.readStream(stream)).streamVersion).toBe(store.limits.maxEventsPerAppend);
    });
  });
}

function range(from: number, to: number): number[] {
  return from > to ? [] : Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
