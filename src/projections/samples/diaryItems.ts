// `diary-items`: the diary items that exist, listed by when they start (compared as UTC instants, so offsets
// do not matter; ties by id), each with the version of its stream it reflects. A list view: each item's
// entry is a record of its own, read in pages (`?limit=&continuation=`) and by UTC day (`?from=&to=`, dates).
import { z } from 'zod';
import { assertNever } from '../../domain/decider.js';
import { diaryItemEventTypes } from '../../domain/diaryItem/events.js';
import type { DiaryItemEvent } from '../../domain/diaryItem/index.js';
import { type ListProjection, listFilter } from '../projection.js';

export interface DiaryItemEntry {
  id: string;
  title: string;
  from: string;
  to: string;
  version: number;
}

/** The item as far as it is known; null before it is created and after it is deleted. */
export type DiaryItemTracking = DiaryItemEntry | null;

const dayRange = z
  .object({ from: z.iso.date().optional(), to: z.iso.date().optional() })
  .refine(({ from, to }) => from === undefined || to === undefined || from <= to, {
    message: 'from must not be after to',
    path: ['to'],
  });

export const diaryItems: ListProjection<DiaryItemTracking, DiaryItemEntry, DiaryItemEvent> = {
  kind: 'list',
  name: 'diary-items',
  handles: { 'diary.item': diaryItemEventTypes },
  initialState: () => null,
  apply(state, event) {
    const { version } = event;
    switch (event.type) {
      case 'ItemCreated': {
        const { title, from, to } = event.data;
        return { id: event.aggregateId, title, from, to, version };
      }
      case 'ItemRenamed':
        return state && { ...state, title: event.data.title, version };
      case 'ItemRescheduled':
        return state && { ...state, from: event.data.from, to: event.data.to, version };
      case 'ItemDeleted':
        return null;
      default:
        return assertNever(event);
    }
  },
  entry: (state) => state ?? undefined,
  sortKey: (entry) => utcInstant(entry.from),
  filter: listFilter(dayRange, ({ from, to }) => ({ from, to })),
};

const EARLIEST = Date.parse('0000-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/** The instant as `YYYY-MM-DDTHH:mm:ss.sssZ`: fixed width, so it sorts as text (clamped to years 0–9999). */
function utcInstant(dateTime: string): string {
  return new Date(Math.min(Math.max(Date.parse(dateTime), EARLIEST), LATEST)).toISOString();
}
