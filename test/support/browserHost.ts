// The local host for the browser tests: the app as `npm start` serves it, on the test emulators, with a
// configuration map of its own (fresh tables, containers and share, so a view shows only this run's streams)
// and its own topic, whose projections subscription only this host reads.
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from '../../scripts/chromium.js';
import { emulators } from './emulators.js';
import { type HostProcess, startHost } from './localHost.js';
import { type TestTopic, topicName } from './serviceBusTopics.js';

export interface BrowserHost {
  /** `http://localhost:<port>/api` */
  url: string;
  browser: Browser;
  /** A new browser context (its own cookies and storage) with one page; closed after the file. */
  newPage(): Promise<Page>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
}

function configurationMap(run: string): string {
  return JSON.stringify({
    implementations: {
      table: { type: 'table', connection: 'EventStorage', tablePrefix: `br${run}` },
      blob: { type: 'append-blob', connection: 'EventStorage', container: `br-${run}` },
      files: { type: 'file-share', connection: 'EventStorage', share: `br-${run}` },
    },
    projections: { store: 'table', container: `br-${run}-projections` },
    publishIntents: { store: 'table', table: `br${run}intents` },
    aggregates: {
      '*': { store: 'table' },
      'diary.item': { store: 'blob' },
      'fleet.vehicle': { store: 'files' },
    },
  });
}

/**
 * Starts the host and Chromium before the file's tests, and stops both after them. Each file names its own topic:
 * two hosts on one subscription would take each other's events.
 */
export function useBrowserHost(topic: Extract<TestTopic, `browser-${string}`>): BrowserHost {
  let host: HostProcess | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const handle = {
    url: '',
    get browser(): Browser {
      if (!browser) throw new Error('Chromium is not running');
      return browser;
    },
    async newPage() {
      const context = await handle.browser.newContext({
        viewport: { width: 1400, height: 1000 },
        locale: 'en-US',
        timezoneId: 'UTC',
      });
      contexts.push(context);
      return context.newPage();
    },
    post: (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${handle.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }),
  };
  beforeAll(async () => {
    const run = randomUUID().replaceAll('-', '').slice(0, 10);
    [host, browser] = await Promise.all([
      startHost(['--no-emulators', '--port', '0'], {
        ...emulators().settings,
        ConfigurationMap: configurationMap(run),
        EventsTopicName: topicName(topic),
        ExplorerAccess: 'open',
      }),
      launchChromium(),
    ]);
    handle.url = host.url;
  });
  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await host?.stop();
  });
  return handle;
}
