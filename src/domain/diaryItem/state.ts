// The state of a diary item, folded from its events.
import { assertNever } from '../decider.js';
import type { DiaryItemEvent } from './events.js';

export interface DiaryItemState {
  status: 'new' | 'active' | 'deleted';
  title: string;
  from: string;
  to: string;
}

export function initialState(): DiaryItemState {
  return { status: 'new', title: '', from: '', to: '' };
}

export function evolve(state: DiaryItemState, event: DiaryItemEvent): DiaryItemState {
  switch (event.type) {
    case 'ItemCreated':
      return { status: 'active', title: event.data.title, from: event.data.from, to: event.data.to };
    case 'ItemRenamed':
      return { ...state, title: event.data.title };
    case 'ItemRescheduled':
      return { ...state, from: event.data.from, to: event.data.to };
    case 'ItemDeleted':
      return { ...state, status: 'deleted' };
    default:
      return assertNever(event);
  }
}
