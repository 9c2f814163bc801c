// `diary-items`: one global list of the diary items that exist, sorted by when they start (compared as
// instants, so offsets do not matter; ties by id), each with the version of its stream it reflects.
import { assertNever } from '../../domain/decider.js';
import { diaryItemEventTypes } from '../../domain/diaryItem/events.js';
import type { DiaryItemEvent } from '../../domain/diaryItem/index.js';
import type { GlobalProjection } from '../projection.js';

export interface DiaryItemEntry {
  id: string;
  title: string;
  from: string;
  to: string;
  version: number;
}

export interface DiaryItems {
  items: DiaryItemEntry[];
}

export const diaryItems: GlobalProjection<DiaryItems, DiaryItemEvent> = {
  kind: 'global',
  name: 'diary-items',
  handles: { 'diary.item': diaryItemEventTypes },
  initialState: () => ({ items: [] }),
  apply(state, event) {
    const id = event.aggregateId;
    const existing = state.items.find((item) => item.id === id);
    const others = state.items.filter((item) => item.id !== id);
    switch (event.type) {
      case 'ItemCreated': {
        const { title, from, to } = event.data;
        return { items: sorted([...others, { id, title, from, to, version: event.version }]) };
      }
      case 'ItemRenamed':
        if (!existing) return state;
        return {
          items: sorted([...others, { ...existing, title: event.data.title, version: event.version }]),
        };
      case 'ItemRescheduled': {
        if (!existing) return state;
        const { from, to } = event.data;
        return { items: sorted([...others, { ...existing, from, to, version: event.version }]) };
      }
      case 'ItemDeleted':
        return { items: others };
      default:
        return assertNever(event);
    }
  },
};

function sorted(items: DiaryItemEntry[]): DiaryItemEntry[] {
  return items.sort(
    (a, b) => Date.parse(a.from) - Date.parse(b.from) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
