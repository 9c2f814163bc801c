// The Diary page in a real browser: add, edit and delete diary items, the list showing each change only once
// the `diary-items` projection has it; and an edit that someone else overtook (a second browser context) shows
// the conflict and the item as it is now instead of overwriting it.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowserHost } from '../support/browserHost.js';

const host = useBrowserHost('browser-diary');
let page: Page;

beforeAll(async () => {
  page = await host.newPage();
  await page.goto(`${host.url}/ui/#/diary`);
  await page.getByTestId('diary-add').waitFor();
});

const row = (on: Page, title: string): Locator =>
  on
    .getByTestId('diary-item')
    .filter({ has: on.getByTestId('diary-title').getByText(title, { exact: true }) });

async function add(title: string, from: string, to: string): Promise<void> {
  const form = page.getByTestId('diary-add');
  await form.locator('input[name="title"]').fill(title);
  await form.locator('input[name="from"]').fill(from);
  await form.locator('input[name="to"]').fill(to);
  await form.getByRole('button', { name: 'Add' }).click();
  await row(page, title).waitFor({ timeout: 10_000 });
}

async function edit(on: Page, title: string): Promise<Locator> {
  await row(on, title).getByRole('button', { name: 'Edit' }).click();
  const editor = on.getByTestId('diary-editor');
  await editor.waitFor();
  return editor;
}

describe('the Diary page', () => {
  it('adds items, listing each once the projection has it, in the order they start', async () => {
    await add('Standup', '2030-01-15T09:00', '2030-01-15T09:15');
    await add('Breakfast', '2030-01-15T07:30', '2030-01-15T08:00');
    expect(await page.getByTestId('diary-title').allInnerTexts()).toEqual(['Breakfast', 'Standup']);
    expect(await row(page, 'Standup').innerText()).toContain('1/15/2030, 9:00:00 AM');
  });

  it('refuses an item that ends before it starts, saying why', async () => {
    const form = page.getByTestId('diary-add');
    await form.locator('input[name="title"]').fill('Backwards');
    await form.locator('input[name="from"]').fill('2030-01-15T10:00');
    await form.locator('input[name="to"]').fill('2030-01-15T09:00');
    await form.getByRole('button', { name: 'Add' }).click();
    expect(await page.getByTestId('problem-reason').innerText()).toBe('invalid-period');
    expect(await row(page, 'Backwards').count()).toBe(0);
  });

  it('edits an item: renamed and rescheduled, with If-Match of the version loaded', async () => {
    const editor = await edit(page, 'Standup');
    expect(await editor.innerText()).toContain('loaded at version 1');
    await editor.locator('input[name="title"]').fill('Daily standup');
    await editor.locator('input[name="from"]').fill('2030-01-15T09:30');
    await editor.locator('input[name="to"]').fill('2030-01-15T09:45');
    await editor.getByRole('button', { name: 'Save' }).click();
    // Rename then reschedule: the list's own polling may show the renamed item at version 2 for a moment,
    // before the reschedule (version 3) reaches the projection; it settles on version 3.
    const edited = row(page, 'Daily standup');
    await expect
      .poll(async () => ((await edited.count()) === 1 ? edited.innerText() : ''), { timeout: 10_000 })
      .toMatch(/9:30:00 AM[\s\S]*9:45:00 AM\s+3\b/);
    await page.getByTestId('diary-editor').waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('shows the conflict and the current values when someone else changed the item meanwhile', async () => {
    const other = await host.newPage();
    await other.goto(`${host.url}/ui/#/diary`);
    // This user starts editing the item at version 3…
    const mine = await edit(page, 'Daily standup');
    // …while another user renames it in another browser.
    const theirs = await edit(other, 'Daily standup');
    await theirs.locator('input[name="title"]').fill('Team standup');
    await theirs.getByRole('button', { name: 'Save' }).click();
    await row(other, 'Team standup').waitFor({ timeout: 10_000 });
    await mine.locator('input[name="title"]').fill('My standup');
    await mine.getByRole('button', { name: 'Save' }).click();
    const conflict = page.getByTestId('conflict');
    await conflict.waitFor();
    expect(await page.getByTestId('conflict-title').innerText()).toBe('Team standup');
    expect(await page.getByTestId('problem-code').innerText()).toBe('version-mismatch');
    // Nothing was overwritten: the list shows the other user's title.
    await row(page, 'Team standup').waitFor({ timeout: 10_000 });
    expect(await row(page, 'My standup').count()).toBe(0);
    // Starting again from the current values.
    await conflict.getByRole('button', { name: 'Edit the current values' }).click();
    expect(await mine.locator('input[name="title"]').inputValue()).toBe('Team standup');
    expect(await mine.innerText()).toContain('loaded at version 4');
    await mine.getByRole('button', { name: 'Cancel' }).click();
  });

  it('deletes an item, which leaves the list once the projection has removed it', async () => {
    await row(page, 'Breakfast').getByRole('button', { name: 'Delete' }).click();
    await row(page, 'Breakfast').waitFor({ state: 'detached', timeout: 10_000 });
    expect(await page.getByTestId('diary-title').allInnerTexts()).toEqual(['Team standup']);
  });
});
