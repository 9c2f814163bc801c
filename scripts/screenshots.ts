// `npm run screenshots`: regenerates the explorer's screenshots in docs/screenshots/. Starts the app as
// `npm start` does (with emulators of its own on free ports, so nothing else is touched), seeds the samples
// through the API, and photographs the main views in headless Chromium (scripts/chromium.ts).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { projectRoot } from '../src/local/localSettings.js';
import { launchChromium } from './chromium.js';

const folder = join(projectRoot, 'docs/screenshots');
const host = spawn(
  process.execPath,
  [join(projectRoot, 'dist/src/local/start.js'), '--port', '0', '--emulator-ports', 'free'],
  {
    env: { ...process.env, ConfigurationMap: '', ExplorerAccess: 'open' },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);

async function ready(): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /Ready at (\S+)/.exec(output)?.[1];
      if (url) resolve(url);
    };
    host.stdout.on('data', onData);
    host.stderr.on('data', onData);
    host.once('exit', (code) => reject(new Error(`The local host exited (${code}):\n${output}`)));
  });
}

async function seed(api: string): Promise<void> {
  const send = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${api}/commands/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-source': 'npm run screenshots', ...headers },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  };
  await send('bank.account/acc-ada/open', { owner: 'Ada Lovelace', overdraftLimit: 100 });
  await send('bank.account/acc-ada/deposit', { amount: 250 });
  await send('bank.account/acc-ada/withdraw', { amount: 75.5 });
  await send('bank.account/acc-ada/deposit', { amount: 20 }, { 'x-commentary': 'A birthday present' });
  await send('bank.account/acc-bob/open', { owner: 'Bob', overdraftLimit: 100 });
  await send('bank.account/acc-bob/withdraw', { amount: 60 });
  const day = '2030-01-15';
  await send('diary.item/standup/create', {
    title: 'Standup',
    from: `${day}T09:00:00Z`,
    to: `${day}T09:15:00Z`,
  });
  await send('diary.item/review/create', {
    title: 'Architecture review',
    from: `${day}T14:00:00Z`,
    to: `${day}T15:00:00Z`,
  });
  await send('diary.item/retro/create', {
    title: 'Release retro',
    from: `${day}T16:00:00Z`,
    to: `${day}T16:45:00Z`,
  });
  await send('fleet.vehicle/KX70ABC/register', { make: 'Volvo', model: 'V60', year: 2024 });
  // The read side follows through Service Bus: wait until the last command's effect is there.
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await fetch(`${api}/projections/diary-items`);
    const items = response.ok ? ((await response.json()) as { items: unknown[] }).items : [];
    if (items.length === 3) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('The projections did not catch up with the seeded commands.');
}

async function shoot(page: Page, name: string): Promise<void> {
  // The views poll every second, so the network is never idle: give the last answers a moment to render.
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
  console.log(`docs/screenshots/${name}.png`);
}

async function main(): Promise<void> {
  const api = await ready();
  await seed(api);
  mkdirSync(folder, { recursive: true });
  const browser = await launchChromium();
  const options = { viewport: { width: 1400, height: 860 }, locale: 'en-US', timezoneId: 'UTC' };
  const page = await (await browser.newContext(options)).newPage();
  const open = async (hash: string, testId: string) => {
    await page.goto(`${api}/ui/#${hash}`);
    await page.getByTestId(testId).first().waitFor();
  };
  await open('/', 'type-bank.account');
  await shoot(page, 'explorer-catalog');
  await open('/types/bank.account', 'streams');
  await page.locator('input[name="aggregateId"]').fill('acc-cyd');
  await page.locator('#root_owner').fill('Cyd');
  await shoot(page, 'explorer-streams');
  await open('/streams/bank.account/acc-ada', 'projection-account-balance');
  await page
    .getByTestId('projection-account-balance')
    .getByTestId('as-of-version')
    .filter({ hasText: '4' })
    .waitFor();
  await shoot(page, 'explorer-stream');
  await page.locator('input[name="asOfVersion"]').focus();
  await page.locator('input[name="asOfVersion"]').press('ArrowLeft');
  await page.locator('#root_overdraftLimit').fill('-5');
  await page.getByRole('button', { name: 'Send open' }).click();
  await page.getByTestId('problem-errors').waitFor();
  await shoot(page, 'explorer-problem');
  await open('/projections/accounts-in-arrears', 'projection-page');
  await page.getByLabel('Aggregate').selectOption('acc-bob');
  await page.getByTestId('projection-document').first().waitFor();
  await shoot(page, 'explorer-projection');
  await open('/diary', 'diary-item');
  await shoot(page, 'diary');
  // A conflict: a second user renames the item this one is editing.
  await page
    .getByTestId('diary-item')
    .filter({ hasText: 'Standup' })
    .getByRole('button', { name: 'Edit' })
    .click();
  await fetch(`${api}/commands/diary.item/standup/rename`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'if-match': '"1"' },
    body: JSON.stringify({ title: 'Daily standup' }),
  });
  await page.getByTestId('diary-editor').locator('input[name="title"]').fill('Standup (moved)');
  await page.getByTestId('diary-editor').getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('conflict').waitFor();
  await shoot(page, 'diary-conflict');
  await browser.close();
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => host.kill('SIGTERM'));
