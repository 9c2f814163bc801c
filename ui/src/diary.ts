// The Diary sample's client side: the `diary-items` list projection (read a page at a time; each item with the
// stream version it reflects), waiting for it to catch up with a command, and date-time conversions between
// the API's ISO instants and the browser's datetime-local inputs.
import { get, type ProjectionPage } from './api.js';

export interface DiaryItem {
  id: string;
  title: string;
  from: string;
  to: string;
  version: number;
}

export const DIARY_TYPE = 'diary.item';
const CATCH_UP_WITHIN_IN_MS = 15_000;
const CATCH_UP_POLL_IN_MS = 150;

/** Every item, in the list's order (by start), page after page. */
export async function readDiary(): Promise<DiaryItem[]> {
  const items: DiaryItem[] = [];
  let continuation: string | undefined;
  do {
    const query = continuation ? `&continuation=${encodeURIComponent(continuation)}` : '';
    const page = await get<ProjectionPage<DiaryItem>>(`projections/diary-items?limit=200${query}`);
    items.push(...(page.items ?? []));
    continuation = page.continuation;
  } while (continuation);
  return items;
}

/**
 * Resolves with the list once the projection shows item `id` at `version` or later (`deleted`: without it), so
 * the page never shows a change the read side has not made; rejects if it does not catch up in time.
 */
export async function waitForDiary(id: string, until: { version: number } | 'deleted'): Promise<DiaryItem[]> {
  const deadline = Date.now() + CATCH_UP_WITHIN_IN_MS;
  for (;;) {
    const items = await readDiary();
    const item = items.find((candidate) => candidate.id === id);
    if (until === 'deleted' ? !item : (item?.version ?? 0) >= until.version) return items;
    if (Date.now() > deadline) throw new Error('The diary list has not caught up with the change yet.');
    await new Promise((resolve) => setTimeout(resolve, CATCH_UP_POLL_IN_MS));
  }
}

/** An ISO instant as a datetime-local input shows it (local time, to the minute). */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value as an ISO instant (what the API takes); as typed when it is not a date. */
export function fromLocalInput(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

export function newItemId(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return `${slug || 'item'}-${crypto.randomUUID().slice(0, 8)}`;
}
