// diary-items: given events of several diary items, then one list sorted by start instant, deleted removed.
import { describe, expect, it } from 'vitest';
import type { DiaryItemEvent } from '../../../src/domain/diaryItem/index.js';
import { GLOBAL_KEY, type ProjectionEvent } from '../../../src/projections/projection.js';
import { diaryItems } from '../../../src/projections/samples/diaryItems.js';
import { event, given } from './support.js';

const created = (id: string, title: string, from: string, to = '2027-01-01T00:00:00Z') =>
  event<DiaryItemEvent>('diary.item', id, 1, { type: 'ItemCreated', data: { title, from, to } });
const list = (events: ProjectionEvent<DiaryItemEvent>[]) => given(diaryItems, GLOBAL_KEY, events).items;

describe('diary-items', () => {
  it('sorts items by when they start, compared as instants whatever the offset', () => {
    const items = list([
      created('c', 'Lunch', '2026-03-01T12:00:00Z'),
      created('a', 'Breakfast', '2026-03-01T09:00:00+02:00'), // 07:00Z
      created('b', 'Coffee', '2026-03-01T08:00:00Z'),
    ]);
    expect(items.map((item) => item.id)).toEqual(['a', 'b', 'c']);
    expect(items[0]).toEqual({
      id: 'a',
      title: 'Breakfast',
      from: '2026-03-01T09:00:00+02:00',
      to: '2027-01-01T00:00:00Z',
      version: 1,
    });
  });

  it('orders items that start together by id', () => {
    const items = list([
      created('y', 'Y', '2026-03-01T08:00:00Z'),
      created('x', 'X', '2026-03-01T10:00:00+02:00'),
    ]);
    expect(items.map((item) => item.id)).toEqual(['x', 'y']);
  });

  it('given a rename and a reschedule, then the new title and place, with the version of the last event', () => {
    const items = list([
      created('a', 'First', '2026-03-01T08:00:00Z'),
      created('b', 'Second', '2026-03-02T08:00:00Z'),
      event<DiaryItemEvent>('diary.item', 'a', 2, { type: 'ItemRenamed', data: { title: 'Renamed' } }),
      event<DiaryItemEvent>('diary.item', 'a', 3, {
        type: 'ItemRescheduled',
        data: { from: '2026-03-03T08:00:00Z', to: '2026-03-03T09:00:00Z' },
      }),
    ]);
    expect(items).toEqual([
      { id: 'b', title: 'Second', from: '2026-03-02T08:00:00Z', to: '2027-01-01T00:00:00Z', version: 1 },
      { id: 'a', title: 'Renamed', from: '2026-03-03T08:00:00Z', to: '2026-03-03T09:00:00Z', version: 3 },
    ]);
  });

  it('given a deletion, then the item is gone', () => {
    const items = list([
      created('a', 'Gone', '2026-03-01T08:00:00Z'),
      created('b', 'Stays', '2026-03-02T08:00:00Z'),
      event<DiaryItemEvent>('diary.item', 'a', 2, { type: 'ItemDeleted', data: {} }),
    ]);
    expect(items.map((item) => item.id)).toEqual(['b']);
  });

  it('gives the same list whatever the order of different streams', () => {
    const events = [
      created('a', 'A', '2026-03-05T08:00:00Z'),
      created('b', 'B', '2026-03-01T08:00:00Z'),
      event<DiaryItemEvent>('diary.item', 'a', 2, { type: 'ItemRenamed', data: { title: 'A2' } }),
      created('c', 'C', '2026-03-03T08:00:00Z'),
    ];
    const reordered = [events[3], events[1], events[0], events[2]] as typeof events;
    expect(list(reordered)).toEqual(list(events));
  });
});
