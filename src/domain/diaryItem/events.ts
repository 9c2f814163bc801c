// Events of the `diary.item` sample aggregate.
import type { DomainEvent } from '../decider.js';

export type ItemCreated = DomainEvent<
  'ItemCreated',
  { title: string; description?: string; from: string; to: string }
>;
export type ItemRenamed = DomainEvent<'ItemRenamed', { title: string }>;
export type ItemRescheduled = DomainEvent<'ItemRescheduled', { from: string; to: string }>;
export type ItemDeleted = DomainEvent<'ItemDeleted', Record<string, never>>;

export type DiaryItemEvent = ItemCreated | ItemRenamed | ItemRescheduled | ItemDeleted;

export const diaryItemEventTypes = [
  'ItemCreated',
  'ItemRenamed',
  'ItemRescheduled',
  'ItemDeleted',
] as const satisfies readonly DiaryItemEvent['type'][];
