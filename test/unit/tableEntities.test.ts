// Event envelope <-> Azure Table entity: row keys, lossless data in UTF-16-safe chunks, scalar columns, limits.
import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError } from '../../src/errors.js';
import type { EventEnvelope } from '../../src/stores/eventStore.js';
import { fromEntity, HEADER_ROW_KEY, toEntity, toRowKey } from '../../src/stores/table/entities.js';

const stream = { aggregateType: 'bank.account', aggregateId: 'acc-1' };

function envelope(data: unknown, version = 3): EventEnvelope {
  return {
    eventId: '6f1c8f0e-5b7a-5c1e-9d1e-2b4a3c5d6e7f',
    ...stream,
    version,
    type: 'MoneyDeposited',
    schemaVersion: 1,
    occurredAt: '2026-01-01T12:00:00.000Z',
    sequence: 1_767_268_800_000_123,
    data,
    metadata: { correlationId: 'corr-1', causationId: 'cmd-1', commandName: 'deposit', who: 'ada' },
  };
}

/** True when the string holds no unpaired surrogate. */
function isWellFormedUtf16(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      index++;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      return false;
    }
  }
  return true;
}

function dataChunks(entity: Record<string, unknown>): string[] {
  return Object.keys(entity)
    .filter((name) => /^Data\d*$/.test(name))
    .map((name) => String(entity[name]));
}

describe('toRowKey', () => {
  it('inverts the version against 2^63-1, as 19 digits', () => {
    expect(toRowKey(1)).toBe('9223372036854775806');
    expect(toRowKey(0)).toBe('9223372036854775807');
    expect(HEADER_ROW_KEY).toBe('9223372036854775807');
    for (const version of [0, 1, 9, 10, 161, 999_999, Number.MAX_SAFE_INTEGER]) {
      expect(toRowKey(version)).toMatch(/^\d{19}$/);
    }
  });

  it.each([
    [1, 2],
    [9, 10],
    [99, 100],
    [999_999, 1_000_000],
  ])('sorts version %d after version %d (newest first)', (older, newer) => {
    expect(toRowKey(newer) < toRowKey(older)).toBe(true);
  });

  it('sorts the stream header (version 0) after every event', () => {
    expect(toRowKey(1) < HEADER_ROW_KEY).toBe(true);
  });
});

describe('toEntity / fromEntity', () => {
  it('keys the entity by aggregate id and inverted version', () => {
    const entity = toEntity(envelope({ amount: 1 }, 7));
    expect(entity.partitionKey).toBe('acc-1');
    expect(entity.rowKey).toBe(toRowKey(7));
    expect(entity).toMatchObject({ EventType: 'MoneyDeposited', Version: 7, Who: 'ada' });
  });

  it('round-trips any JSON exactly', () => {
    const event = envelope({
      amount: 12.5,
      nested: { list: [1, 'two', null, { deep: true }] },
      text: 'a"b\\c\n',
    });
    expect(fromEntity(stream, toEntity(event))).toEqual(event);
  });

  it('round-trips non-object data', () => {
    for (const data of [[1, 2], 'text', 42, null]) {
      expect(fromEntity(stream, toEntity(envelope(data))).data).toEqual(data);
    }
  });

  it('splits ~70,000 characters of emoji without cutting a surrogate pair', () => {
    const data = { text: '😀'.repeat(35_000), tail: 'é€😀' };
    const json = JSON.stringify(data);
    const code = json.charCodeAt(31_999);
    expect(code >= 0xd800 && code <= 0xdbff).toBe(true); // a naive 32,000-character split would cut here
    const entity = toEntity(envelope(data));
    const chunks = dataChunks(entity);
    expect(chunks.length).toBeGreaterThan(2);
    expect(entity.DataChunks).toBe(chunks.length);
    for (const chunk of chunks) {
      expect(isWellFormedUtf16(chunk)).toBe(true);
      expect(chunk.length * 2).toBeLessThanOrEqual(64 * 1024);
    }
    expect(chunks.join('')).toBe(json);
    expect(fromEntity(stream, entity)).toEqual(envelope(data));
  });

  it('writes top-level scalars as their own columns', () => {
    const entity = toEntity(envelope({ amount: 12.5, count: 3, owner: 'Ada', flag: false }));
    expect(entity.amount).toEqual({ value: '12.5', type: 'Double' });
    expect(entity.count).toBe(3);
    expect(entity.owner).toBe('Ada');
    expect(entity.flag).toBe(false);
  });

  it('keeps nested objects, arrays, long strings and nulls only in the JSON', () => {
    const entity = toEntity(
      envelope({
        address: { city: 'x' },
        tags: ['a'],
        note: 'n'.repeat(1025),
        shortNote: 'n'.repeat(1024),
        gone: null,
      }),
    );
    expect(entity).not.toHaveProperty('address');
    expect(entity).not.toHaveProperty('tags');
    expect(entity).not.toHaveProperty('note');
    expect(entity).not.toHaveProperty('gone');
    expect(entity.shortNote).toHaveLength(1024);
  });

  it('never lets a data field replace a system column', () => {
    const entity = toEntity(
      envelope({ Version: 99, EventType: 'Forged', Data: 'x', Data1: 'y', DataChunks: 9 }),
    );
    expect(entity.Version).toBe(3);
    expect(entity.EventType).toBe('MoneyDeposited');
    expect(entity.DataChunks).toBe(1);
    expect(fromEntity(stream, entity).data).toEqual({
      Version: 99,
      EventType: 'Forged',
      Data: 'x',
      Data1: 'y',
      DataChunks: 9,
    });
  });

  it("never lets a data field replace the entity's keys or the SDK's system properties", () => {
    // @azure/data-tables sends partitionKey, rowKey, timestamp and etag as PartitionKey, RowKey, Timestamp, odata.etag.
    const entity = toEntity(
      envelope({ partitionKey: 'acc-2', rowKey: HEADER_ROW_KEY, timestamp: 't', etag: 'e' }),
    );
    expect(entity.partitionKey).toBe('acc-1');
    expect(entity.rowKey).toBe(toRowKey(3));
    expect(entity).not.toHaveProperty('timestamp');
    expect(entity).not.toHaveProperty('etag');
  });

  it('skips names that are not valid column names', () => {
    const entity = toEntity(envelope({ 'a-b': 1, '1x': 2, 'with space': 3, ok_name: 4 }));
    expect(entity).not.toHaveProperty('a-b');
    expect(entity).not.toHaveProperty('1x');
    expect(entity).not.toHaveProperty('with space');
    expect(entity.ok_name).toBe(4);
  });

  it('throws PayloadTooLargeError when the entity would exceed 1 MiB', () => {
    expect(() => toEntity(envelope({ text: 'a'.repeat(530_000) }))).toThrow(PayloadTooLargeError);
    expect(() => toEntity(envelope({ text: '😀'.repeat(265_000) }))).toThrow(PayloadTooLargeError);
  });

  it('accepts an entity just under 1 MiB', () => {
    const entity = toEntity(envelope({ text: 'a'.repeat(500_000) }));
    expect(dataChunks(entity).join('')).toHaveLength(500_000 + '{"text":""}'.length);
  });
});

describe('fromEntity on a damaged entity', () => {
  it.each([
    ['data that is not JSON', { Data: '{"amount":' }],
    ['metadata that is not JSON', { Metadata: 'oops' }],
    ['a missing data chunk', { DataChunks: 2 }],
  ])('names the stream and the version for %s', (_, damage) => {
    const entity = { ...toEntity(envelope({ amount: 1 }, 7)), ...damage };
    expect(() => fromEntity(stream, entity)).toThrow(
      expect.objectContaining({ code: 'unreadable-event', version: 7, stream }),
    );
  });
});
