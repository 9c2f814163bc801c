// The `diary.item` sample aggregate: create a diary entry for a period, rename, reschedule, delete.
import type { AggregateDefinition } from '../decider.js';
import { type DiaryItemCommand, diaryItemCommands } from './commands.js';
import { decide } from './decide.js';
import { type DiaryItemEvent, diaryItemEventTypes } from './events.js';
import { type DiaryItemState, evolve, initialState } from './state.js';

export type { DiaryItemCommand } from './commands.js';
export type { DiaryItemEvent } from './events.js';
export type { DiaryItemState } from './state.js';

export const diaryItem: AggregateDefinition<DiaryItemState, DiaryItemCommand, DiaryItemEvent> = {
  type: 'diary.item',
  commands: diaryItemCommands,
  eventTypes: diaryItemEventTypes,
  decider: { initialState, decide, evolve },
};
