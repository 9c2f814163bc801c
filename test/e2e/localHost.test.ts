// The local host as a user runs it (`npm start`), driven over real HTTP: it starts its own emulators,
// serves the bank sample, and stops cleanly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '../support/envelopes.js';
import { descendants, type HostProcess, isAlive, startHost } from '../support/localHost.js';

let host: HostProcess;
let emulatorPids: number[] = [];

beforeAll(async () => {
  host = await startHost(['--port', '0', '--emulator-ports', 'free'], { ConfigurationMap: '' });
  emulatorPids = descendants(host.child.pid as number);
});

afterAll(async () => {
  if (host.child.exitCode === null) await host.stop('SIGKILL');
});

interface StreamBody {
  events: { type: string; version: number }[];
}

const readStream = async (path: string) => (await (await fetch(`${host.url}${path}`)).json()) as StreamBody;
const codeOf = async (response: Response) => ((await response.json()) as { code?: string }).code;

type Snapshot = Record<string, unknown> & { asOfVersion?: number; state?: unknown };

/** Polls a projection until `done` holds (projections follow commands asynchronously). */
async function eventually(path: string, done: (snapshot: Snapshot) => boolean): Promise<Snapshot> {
  const deadline = performance.now() + 5_000;
  for (;;) {
    const response = await fetch(`${host.url}${path}`);
    const snapshot = response.status === 200 ? ((await response.json()) as Snapshot) : undefined;
    if (snapshot && done(snapshot)) return snapshot;
    if (performance.now() > deadline)
      throw new Error(`${path} did not get there: ${JSON.stringify(snapshot)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const members = (page: Snapshot) => (page as { members?: string[] }).members ?? [];

const post = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${host.url}${path}`, {
    method: 'POST',
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('npm start (the local host with its emulators)', () => {
  it("prints its URL, the explorer's and a working curl example", async () => {
    expect(host.url).toMatch(/^http:\/\/localhost:\d+\/api$/);
    expect(host.output()).toContain(`Explorer: ${host.url}/ui/`);
    const page = await fetch(`${host.url}/ui/`);
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(await page.text()).toContain('<div id="root">');
    expect(host.output()).toContain(`curl -s -X POST ${host.url}/commands/bank.account/acc-1/open`);
    expect(emulatorPids.length).toBeGreaterThan(0);
  });

  it('serves the bank sample over HTTP, as the README walkthrough does', async () => {
    const id = uniqueId('acc');
    const opened = await post(`/commands/bank.account/${id}/open`, { owner: 'Ada', overdraftLimit: 100 });
    expect(opened.status).toBe(200);
    expect(opened.headers.get('etag')).toBe('"1"');
    expect((await post(`/commands/bank.account/${id}/deposit`, { amount: 100 })).status).toBe(200);
    const withdrawn = await post(`/commands/bank.account/${id}/withdraw`, { amount: 30 });
    expect(await withdrawn.json()).toMatchObject({
      version: 3,
      events: [{ type: 'MoneyWithdrawn', version: 3 }],
    });
    const refused = await post(`/commands/bank.account/${id}/withdraw`, { amount: 500 });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(await refused.json()).toMatchObject({
      code: 'domain-rule-violated',
      reason: 'insufficient-funds',
    });
    const stream = await readStream(`/streams/bank.account/${id}`);
    expect(stream.events.map((event) => event.type)).toEqual([
      'AccountOpened',
      'MoneyDeposited',
      'MoneyWithdrawn',
    ]);
    const health = await fetch(`${host.url}/health`);
    expect(health.status).toBe(200);
  });

  it('rejects encoded path tricks in identifiers over real HTTP', async () => {
    for (const id of ['..%2Fx', 'a%2Fb', 'a%23b']) {
      const response = await post(`/commands/bank.account/${id}/deposit`, { amount: 1 });
      expect(response.status).toBe(400);
      expect(await codeOf(response)).toBe('invalid-identifier');
    }
    expect((await fetch(`${host.url}/nothing-here`)).status).toBe(404);
  });

  it('keeps 16 clients x 10 deposits on one account contiguous (1..161), re-sending on 409', async () => {
    const id = uniqueId('acc');
    await post(`/commands/bank.account/${id}/open`, { owner: 'Ada' });
    let conflicts = 0;
    const client = async (clientId: number) => {
      for (let n = 0; n < 10; n++) {
        for (;;) {
          const response = await post(`/commands/bank.account/${id}/deposit`, {
            amount: clientId + 1 + n / 100,
          });
          if (response.status === 200) break;
          expect(response.status).toBe(409);
          conflicts++;
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, (_, clientId) => client(clientId)));
    const stream = await readStream(`/streams/bank.account/${id}?limit=1000`);
    expect(stream.events.map((event) => event.version)).toEqual(
      Array.from({ length: 161 }, (_, index) => index + 1),
    );
    console.info(`16 clients x 10 deposits over HTTP: ${conflicts} response(s) were 409`);
  });

  it('projects: balance 70 at asOfVersion 3 within 2 s, arrears in and out, diary items and vehicles', async () => {
    const id = uniqueId('acc');
    await post(`/commands/bank.account/${id}/open`, { owner: 'Ada', overdraftLimit: 500 });
    await post(`/commands/bank.account/${id}/deposit`, { amount: 100 });
    const answered = performance.now();
    await post(`/commands/bank.account/${id}/withdraw`, { amount: 30 });
    const balance = await eventually(`/projections/account-balance/${id}`, (doc) => doc.asOfVersion === 3);
    expect(performance.now() - answered).toBeLessThan(2_000);
    expect(balance).toMatchObject({
      asOfVersion: 3,
      state: { accountId: id, balance: 70, deposits: 1, withdrawals: 1, status: 'open' },
    });
    await post(`/commands/bank.account/${id}/withdraw`, { amount: 100 });
    await eventually('/projections/accounts-in-arrears?limit=200', (doc) => members(doc).includes(id));
    await post(`/commands/bank.account/${id}/deposit`, { amount: 50 });
    await eventually('/projections/accounts-in-arrears?limit=200', (doc) => !members(doc).includes(id));
    const item = uniqueId('item');
    await post(`/commands/diary.item/${item}/create`, {
      title: 'Review',
      from: '2026-12-03T10:00:00Z',
      to: '2026-12-03T11:00:00Z',
    });
    const diary = await eventually('/projections/diary-items?limit=200', (doc) =>
      JSON.stringify(doc).includes(item),
    );
    expect(diary.items as unknown[]).toContainEqual({
      id: item,
      title: 'Review',
      from: '2026-12-03T10:00:00Z',
      to: '2026-12-03T11:00:00Z',
      version: 1,
    });
    const vehicle = `KX${uniqueId('').slice(1, 7).toUpperCase()}`;
    await post(`/commands/fleet.vehicle/${vehicle}/register`, { make: 'Volvo', model: 'V60', year: 2024 });
    await post(`/commands/fleet.vehicle/${vehicle}/lease`, {
      customer: 'ACME',
      until: '2027-06-30T00:00:00Z',
    });
    const summary = await eventually(
      `/projections/vehicle-summary/${vehicle}`,
      (doc) => doc.asOfVersion === 2,
    );
    expect(summary.state).toEqual({
      registration: vehicle,
      make: 'Volvo',
      model: 'V60',
      year: 2024,
      odometer: 0,
      leasedTo: 'ACME',
      status: 'leased',
    });
  });

  it('stops on SIGTERM within 5 s and leaves no process behind', async () => {
    const { code, durationInMs } = await host.stop('SIGTERM');
    expect(code).toBe(0);
    expect(durationInMs).toBeLessThan(5_000);
    expect(host.output()).toContain('Stopped.');
    expect(emulatorPids.filter(isAlive)).toEqual([]);
    console.info(`local host stopped in ${Math.round(durationInMs)} ms`);
  });
});
