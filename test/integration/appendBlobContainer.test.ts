// The Append Blob store creates its container on first use: concurrent first appends in a container that does
// not exist yet all succeed. (Calls that find it missing share one creation; the narrow race in which a call
// saw the container missing after another had created it could not be provoked reliably from outside.)
import { describe, expect, it } from 'vitest';
import { AppendBlobEventStore } from '../../src/stores/appendBlob/appendBlobEventStore.js';
import { blobServiceClient } from '../support/emulators.js';
import { makeEvents, uniqueId } from '../support/envelopes.js';

describe('Append Blob store on a new container', () => {
  it('lets 30 staggered concurrent first appends succeed while the container is created', async () => {
    const name = `fresh-${uniqueId('c')
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '')}`;
    const store = new AppendBlobEventStore({ containerClient: blobServiceClient().getContainerClient(name) });
    const streams = Array.from({ length: 30 }, (_, index) => ({
      aggregateType: 'test.thing',
      aggregateId: `s-${index}`,
    }));
    // Started a millisecond apart, some appends find the container missing while another is creating it.
    const results = await Promise.allSettled(
      streams.map(async (stream, index) => {
        await new Promise((resolve) => setTimeout(resolve, index));
        return store.appendToStream(stream, 0, makeEvents(stream, 0, 1));
      }),
    );
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    for (const stream of streams) expect((await store.readStream(stream)).streamVersion).toBe(1);
  });
});
