// The explorer in a real browser (Debian's Chromium, headless, driven by playwright-core), against the app as
// `npm start` serves it: open an account from the form generated from the catalog's JSON Schema, see its events
// in the timeline and its projection document, move the state slider, see the API's problems rendered, and see
// a command sent from elsewhere appear without a reload.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowserHost } from '../support/browserHost.js';
import { uniqueId } from '../support/envelopes.js';

const host = useBrowserHost('browser-explorer');
const account = uniqueId('acc');
let page: Page;

beforeAll(async () => {
  page = await host.newPage();
});

/** Waits (Playwright's auto-waiting, bounded) until `text` is in the element, then returns its text. */
async function waitForText(selector: string, text: string): Promise<string> {
  await page.locator(selector, { hasText: text }).first().waitFor({ timeout: 10_000 });
  return page.locator(selector).first().innerText();
}

describe('the explorer', () => {
  it('lists the aggregate types and projections of the catalog', async () => {
    await page.goto(`${host.url}/ui/`);
    await page.getByTestId('type-bank.account').waitFor();
    expect(await page.getByTestId('type-bank.account').innerText()).toContain(
      'open, deposit, withdraw, close',
    );
    expect(await page.getByTestId('type-diary.item').innerText()).toContain('append-blob');
    expect(await page.locator('main table').innerText()).toContain('accounts-in-arrears');
  });

  it('opens an account from the generated form, then shows its timeline and projection document', async () => {
    await page.getByRole('link', { name: 'bank.account' }).first().click();
    await page.locator('input[name="aggregateId"]').fill(account);
    await page.locator('#root_owner').fill('Ada Lovelace');
    await page.locator('#root_overdraftLimit').fill('50');
    await page.getByRole('button', { name: 'Send open' }).click();
    expect(await waitForText('[data-testid="stream-id"]', account)).toBe(account);
    expect(await waitForText('[data-testid="timeline"]', 'AccountOpened')).toContain('Ada Lovelace');
    expect(page.url()).toContain(`#/streams/bank.account/${account}`);
    const balance = page.getByTestId('projection-account-balance');
    await balance.getByTestId('as-of-version').filter({ hasText: '1' }).waitFor({ timeout: 10_000 });
    expect(await balance.innerText()).toContain('"owner": "Ada Lovelace"');
  });

  it('shows a command sent from elsewhere without a reload', async () => {
    const deposit = await host.post(`/commands/bank.account/${account}/deposit`, { amount: 100 });
    expect(deposit.status).toBe(200);
    await page.locator('[data-testid="event"][data-version="2"]').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('stream-version').innerText()).toBe('version 2');
    const balance = page.getByTestId('projection-account-balance');
    await balance.getByTestId('as-of-version').filter({ hasText: '2' }).waitFor({ timeout: 10_000 });
    expect(await balance.innerText()).toContain('"balance": 100');
  });

  it('sends a command from the stream page, and replays the state at any version with the slider', async () => {
    await page.locator('select[name="command"]').selectOption('withdraw');
    await page.locator('#root_amount').fill('30');
    await page.getByRole('button', { name: 'Send withdraw' }).click();
    expect(await waitForText('[data-testid="command-result"]', 'version 3')).toContain('MoneyWithdrawn');
    await page.locator('[data-testid="event"][data-version="3"]').waitFor();
    expect(await waitForText('[data-testid="state-json"]', '7000')).toContain('"balanceInCents": 7000');
    const slider = page.locator('input[name="asOfVersion"]');
    await slider.focus();
    await slider.press('Home');
    expect(await page.getByTestId('state-version').innerText()).toBe('1');
    expect(await waitForText('[data-testid="state-json"]', '"balanceInCents": 0')).toContain(
      '"status": "open"',
    );
    await slider.press('ArrowRight');
    expect(await waitForText('[data-testid="state-json"]', '10000')).toContain('"balanceInCents": 10000');
  });

  it("renders the API's problems readably: field errors, and the domain's reason", async () => {
    await page.locator('select[name="command"]').selectOption('deposit');
    await page.locator('#root_amount').fill('-5');
    await page.getByRole('button', { name: 'Send deposit' }).click();
    const problem = page.getByTestId('problem');
    await problem.waitFor();
    expect(await page.getByTestId('problem-code').innerText()).toBe('validation-failed');
    expect(await page.getByTestId('problem-errors').innerText()).toMatch(/amount: .+/);
    await page.locator('select[name="command"]').selectOption('withdraw');
    await page.locator('#root_amount').fill('500');
    await page.getByRole('button', { name: 'Send withdraw' }).click();
    expect(await waitForText('[data-testid="problem-reason"]', 'insufficient-funds')).toBe(
      'insufficient-funds',
    );
    expect(await page.getByTestId('problem').innerText()).toContain('domain-rule-violated');
  });

  it('refuses a command decided on a stale version when If-Match is asked for', async () => {
    await page.locator('input[name="ifMatch"]').check();
    // Another client moves the stream between what the page shows and what it sends.
    await page.route('**/ui/api/commands/**', async (route) => {
      await host.post(`/commands/bank.account/${account}/deposit`, { amount: 1 });
      await route.continue();
    });
    await page.locator('select[name="command"]').selectOption('deposit');
    await page.locator('#root_amount').fill('5');
    await page.getByRole('button', { name: 'Send deposit' }).click();
    expect(await waitForText('[data-testid="problem-code"]', 'version-mismatch')).toBe('version-mismatch');
    expect(await page.getByTestId('problem').innerText()).toContain('The stream is at version 4');
    await page.unroute('**/ui/api/commands/**');
  });

  it('lists the streams of a type a page at a time, and opens one', async () => {
    // 51 more accounts: more than the explorer's page of 50.
    const ids = Array.from({ length: 51 }, (_, index) => `page-${String(index).padStart(2, '0')}`);
    await Promise.all(ids.map((id) => host.post(`/commands/bank.account/${id}/open`, { owner: id })));
    await page.getByRole('link', { name: 'bank.account' }).first().click();
    const links = page.getByTestId('streams').getByRole('link');
    await links.nth(49).waitFor();
    expect(await links.count()).toBe(50);
    await page.getByRole('button', { name: 'More streams' }).click();
    await links.nth(51).waitFor();
    expect((await links.allInnerTexts()).sort()).toEqual([account, ...ids].sort());
    expect(await page.getByRole('button', { name: 'More streams' }).count()).toBe(0);
    await links.filter({ hasText: account }).click();
    expect(await waitForText('[data-testid="stream-id"]', account)).toBe(account);
  });
});
