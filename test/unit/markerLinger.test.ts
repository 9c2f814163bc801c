// Moving a busy stream's marker on (messaging/markers.ts): the ranges published while a move lingers are
// joined into one marker write when they are contiguous, never past a range the bus did not take, and never
// across versions another writer appended (which this process has not published).
import { describe, expect, it } from 'vitest';
import type { EventPublisher } from '../../src/messaging/publisher.js';
import { ReliablePublisher } from '../../src/messaging/reliablePublisher.js';
import type { EventEnvelope } from '../../src/shared/envelope.js';
import { InMemoryPublishIntentStore } from '../../src/stores/intents/inMemoryPublishIntentStore.js';
import type { StreamMarkerStore } from '../../src/stores/intents/streamMarkers.js';

const stream = { aggregateType: 'bank.account', aggregateId: 'a-1' };

function event(version: number): EventEnvelope {
  return {
    eventId: `e-${version}`,
    ...stream,
    version,
    type: 'MoneyDeposited',
    schemaVersion: 1,
    occurredAt: '2030-01-01T00:00:00.000Z',
    sequence: version,
    data: { amount: 1 },
    metadata: { correlationId: 'c', causationId: 'c', commandName: 'deposit' },
  };
}

/**
 * Reliable publishing over in-memory markers that counts advances, the stream's marker standing at version 0;
 * `refuse`: versions the bus will not take. `appended(…versions)`: one command's append, published.
 */
async function setUp(markerLingerInMs: number, refuse: number[] = []) {
  const intents = new InMemoryPublishIntentStore();
  const markers = intents.markers as StreamMarkerStore;
  const advances: [number, number][] = [];
  const advance = markers.advance.bind(markers);
  markers.advance = (on, from, to, now) => {
    advances.push([from, to]);
    return advance(on, from, to, now);
  };
  const publisher: EventPublisher = {
    publish: async (events) => {
      if (events.some((published) => refuse.includes(published.version))) throw new Error('bus down');
    },
    checkHealth: async () => {},
    close: async () => {},
  };
  const publication = new ReliablePublisher({ intents, publisher, markerLingerInMs, onError: () => {} });
  const publishedThrough = async () => {
    for await (const page of markers.pagesUpdatedBefore(new Date('2100-01-01'), 10))
      return page.find((marker) => marker.aggregateId === stream.aggregateId)?.publishedThrough;
    return undefined;
  };
  await markers.ensure(stream, 0, '2030-01-01T00:00:00.000Z');
  const appended = (...versions: number[]) =>
    publication.markers?.publishAppended(stream, versions.map(event));
  return { publication, appended, advances, publishedThrough };
}

describe('moving a marked stream on after publishing', () => {
  it('joins the ranges published during one linger into one marker write', async () => {
    const { publication, appended, advances, publishedThrough } = await setUp(60_000);
    for (let version = 1; version <= 10; version++) appended(version);
    await publication.flush(); // a flush ends the linger
    expect(advances).toEqual([[1, 10]]);
    expect(await publishedThrough()).toBe(10);
  });

  it('writes once per command without a linger', async () => {
    const { publication, appended, advances, publishedThrough } = await setUp(0);
    appended(1, 2);
    await publication.flush();
    appended(3);
    await publication.flush();
    expect(advances).toEqual([
      [1, 2],
      [3, 3],
    ]);
    expect(await publishedThrough()).toBe(3);
  });

  it('stops before a range the bus did not take, leaving the rest to the sweeper', async () => {
    const { publication, appended, advances, publishedThrough } = await setUp(60_000, [3]);
    for (let version = 1; version <= 5; version++) appended(version);
    await publication.flush();
    expect(advances).toEqual([[1, 2]]);
    expect(await publishedThrough()).toBe(2);
  });

  it('never claims versions another writer appended in between', async () => {
    const { publication, appended, advances, publishedThrough } = await setUp(60_000);
    appended(1, 2);
    // Version 3 was appended by another instance, which has not published it yet.
    appended(4);
    await publication.flush();
    expect(advances).toEqual([
      [1, 2],
      [4, 4],
    ]);
    expect(await publishedThrough()).toBe(2);
  });

  it('moves on by itself once the linger is over', async () => {
    const { appended, advances, publishedThrough } = await setUp(20);
    appended(1);
    appended(2);
    await expect.poll(publishedThrough, { timeout: 2_000 }).toBe(2);
    expect(advances).toEqual([[1, 2]]);
  });
});
