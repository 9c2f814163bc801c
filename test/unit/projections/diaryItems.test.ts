// diary-items, a list view: given an item's events, then its entry (or none once deleted); entries sort by
// their start instant whatever the offset, ties by id; the date filter selects UTC days.
import { describe, expect, it } from 'vitest';
import type { DiaryItemEvent } from '../../../src/domain/diaryItem/index.js';
import type { ProjectionEvent } from '../../../src/projections/projection.js';
import { type DiaryItemEntry, diaryItems } from '../../../src/projections/samples/diaryItems.js';
import { event, given } from './support.js';

const created = (id: string, title: string, from: string, to = '2027-01-01T00:00:00Z') =>
  event<DiaryItemEvent>('diary.item', id, 1, { type: 'ItemCreated', data: { title, from, to } });
const entryOf = (id: string, events: ProjectionEvent<DiaryItemEvent>[]) =>
  diaryItems.entry(given(diaryItems, id, events), id);
/** The ids of these entries in the order of their sort keys (as the view lists them). */
const listed = (entries: DiaryItemEntry[]) =>
  entries
    .map((entry) => `${diaryItems.sortKey(entry, entry.id)}/${entry.id}`)
    .sort()
    .map((key) => key.slice(key.lastIndexOf('/') + 1));

describe('diary-items', () => {
  it('sorts items by when they start, compared as instants whatever the offset', () => {
    const entries = [
      created('c', 'Lunch', '2026-03-01T12:00:00Z'),
      created('a', 'Breakfast', '2026-03-01T09:00:00+02:00'), // 07:00Z
      created('b', 'Coffee', '2026-03-01T08:00:00Z'),
    ].map((item) => entryOf(item.aggregateId, [item]) as DiaryItemEntry);
    expect(listed(entries)).toEqual(['a', 'b', 'c']);
    expect(entries[1]).toEqual({
      id: 'a',
      title: 'Breakfast',
      from: '2026-03-01T09:00:00+02:00',
      to: '2027-01-01T00:00:00Z',
      version: 1,
    });
    expect(diaryItems.sortKey(entries[1] as DiaryItemEntry, 'a')).toBe('2026-03-01T07:00:00.000Z');
  });

  it('orders items that start together by id', () => {
    const entries = [
      created('y', 'Y', '2026-03-01T08:00:00Z'),
      created('x', 'X', '2026-03-01T10:00:00+02:00'),
    ].map((item) => entryOf(item.aggregateId, [item]) as DiaryItemEntry);
    expect(listed(entries)).toEqual(['x', 'y']);
  });

  it('given a rename and a reschedule, then the new title and start, with the version of the last event', () => {
    expect(
      entryOf('a', [
        created('a', 'First', '2026-03-01T08:00:00Z'),
        event<DiaryItemEvent>('diary.item', 'a', 2, { type: 'ItemRenamed', data: { title: 'Renamed' } }),
        event<DiaryItemEvent>('diary.item', 'a', 3, {
          type: 'ItemRescheduled',
          data: { from: '2026-03-03T08:00:00Z', to: '2026-03-03T09:00:00Z' },
        }),
      ]),
    ).toEqual({
      id: 'a',
      title: 'Renamed',
      from: '2026-03-03T08:00:00Z',
      to: '2026-03-03T09:00:00Z',
      version: 3,
    });
  });

  it('given a deletion, or a rename of an item never created, then no entry', () => {
    const deleted = event<DiaryItemEvent>('diary.item', 'a', 2, { type: 'ItemDeleted', data: {} });
    expect(entryOf('a', [created('a', 'Gone', '2026-03-01T08:00:00Z'), deleted])).toBeUndefined();
    const renamed = event<DiaryItemEvent>('diary.item', 'b', 1, {
      type: 'ItemRenamed',
      data: { title: 'B' },
    });
    expect(entryOf('b', [renamed])).toBeUndefined();
  });

  it('filters by UTC day, from on or before to', () => {
    const { parameters, range } = diaryItems.filter ?? { parameters: undefined, range: undefined };
    expect(parameters?.safeParse({ from: '2031-05-01', to: '2031-05-31' }).success).toBe(true);
    expect(parameters?.safeParse({ from: '2031-05-31', to: '2031-05-01' }).success).toBe(false);
    expect(parameters?.safeParse({ from: '31 May' }).success).toBe(false);
    expect(range?.({ from: '2031-05-01' })).toEqual({ from: '2031-05-01', to: undefined });
  });
});
