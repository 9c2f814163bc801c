// The diary.item decider (issue 3): given past events, when a command, then events or a refusal.
import { describe, expect, it } from 'vitest';
import { type DiaryItemEvent, diaryItem } from '../../src/domain/diaryItem/index.js';
import { deciderSpec } from './support/decider.js';

const given = deciderSpec(diaryItem);
const period = { from: '2026-12-01T09:00:00Z', to: '2026-12-01T10:00:00Z' };
const created: DiaryItemEvent = { type: 'ItemCreated', data: { title: 'Standup', ...period } };
const deleted: DiaryItemEvent = { type: 'ItemDeleted', data: {} };

describe('diary.item', () => {
  it('creates an item, with or without a description', () => {
    given([])
      .when('create', { title: 'Standup', ...period })
      .then([created]);
    given([])
      .when('create', { title: 'Standup', description: 'daily', ...period })
      .then([{ type: 'ItemCreated', data: { title: 'Standup', description: 'daily', ...period } }]);
  });

  it('accepts a period that ends when it starts, and compares instants across time zones', () => {
    given([])
      .when('create', { title: 'Instant', from: period.from, to: period.from })
      .then([{ type: 'ItemCreated', data: { title: 'Instant', from: period.from, to: period.from } }]);
    given([])
      .when('create', { title: 'TZ', from: '2026-12-01T10:00:00+02:00', to: '2026-12-01T09:00:00Z' })
      .then([
        {
          type: 'ItemCreated',
          data: { title: 'TZ', from: '2026-12-01T10:00:00+02:00', to: '2026-12-01T09:00:00Z' },
        },
      ]);
  });

  it('refuses a period whose end is before its start: invalid-period', () => {
    given([])
      .when('create', { title: 'Backwards', from: period.to, to: period.from })
      .thenRejects('invalid-period');
    given([created]).when('reschedule', { from: period.to, to: period.from }).thenRejects('invalid-period');
  });

  it('refuses to create an item twice: item-already-exists', () => {
    given([created])
      .when('create', { title: 'Again', ...period })
      .thenRejects('item-already-exists');
  });

  it('renames, reschedules and deletes an existing item', () => {
    given([created])
      .when('rename', { title: 'Daily standup' })
      .then([{ type: 'ItemRenamed', data: { title: 'Daily standup' } }]);
    const later = { from: '2026-12-02T09:00:00Z', to: '2026-12-02T09:15:00Z' };
    given([created])
      .when('reschedule', later)
      .then([{ type: 'ItemRescheduled', data: later }]);
    given([created]).when('delete').then([deleted]);
  });

  it('answers not found for any command but create on an item that does not exist', () => {
    given([]).when('rename', { title: 'x' }).thenNotFound();
    given([]).when('reschedule', period).thenNotFound();
    given([]).when('delete').thenNotFound();
  });

  it('refuses every command after deletion: item-deleted', () => {
    given([created, deleted])
      .when('create', { title: 'Again', ...period })
      .thenRejects('item-deleted');
    given([created, deleted]).when('rename', { title: 'x' }).thenRejects('item-deleted');
    given([created, deleted]).when('reschedule', period).thenRejects('item-deleted');
    given([created, deleted]).when('delete').thenRejects('item-deleted');
  });

  it('validates payloads: title 1-200, description up to 2000, date-times with a time zone', () => {
    const { create } = diaryItem.commands;
    expect(create.safeParse({ title: '', ...period }).success).toBe(false);
    expect(create.safeParse({ title: 'x'.repeat(201), ...period }).success).toBe(false);
    expect(
      create.safeParse({ title: 'x'.repeat(200), description: 'd'.repeat(2000), ...period }).success,
    ).toBe(true);
    expect(create.safeParse({ title: 'x', description: 'd'.repeat(2001), ...period }).success).toBe(false);
    expect(create.safeParse({ title: 'x', from: '2026-12-01', to: period.to }).success).toBe(false);
    expect(create.safeParse({ title: 'x', from: '2026-12-01T09:00:00', to: period.to }).success).toBe(false);
    expect(create.safeParse({ title: 'x', from: 'tomorrow', to: period.to }).success).toBe(false);
  });
});
