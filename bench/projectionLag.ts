// Projection lag: deposits at a steady rate over HTTP; after each 200 response, the account's
// `account-balance` snapshot blob is polled until it reflects that version. Lag = from the response to the
// first read that shows it. At the end every account's snapshot must hold every deposit (none lost).
import type { ContainerClient } from '@azure/storage-blob';
import { post } from './commandPath.js';
import { type LatencySummary, summarize } from './stats.js';

export interface ProjectionLagResult {
  ratePerSecond: number;
  durationInSeconds: number;
  commands: number;
  lag: LatencySummary;
  /** Commands whose projection never showed them within 10 s. */
  missing: number;
  /** Accounts whose final snapshot does not count exactly the deposits sent. */
  inconsistentAccounts: number;
}

interface BalanceDocument {
  asOfVersion?: number;
  state?: { deposits?: number };
}

const POLL_EVERY_IN_MS = 15;
const GIVE_UP_AFTER_IN_MS = 10_000;

export async function measureProjectionLag(
  url: string,
  projections: ContainerClient,
  accounts: string[],
  ratePerSecond: number,
  durationInMs: number,
): Promise<ProjectionLagResult> {
  const read = async (id: string): Promise<BalanceDocument | undefined> => {
    try {
      return JSON.parse(
        (await projections.getBlobClient(`account-balance/${id}.json`).downloadToBuffer()).toString(),
      ) as BalanceDocument;
    } catch {
      return undefined;
    }
  };
  const lags: number[] = [];
  const deposits = new Map<string, number>();
  let missing = 0;
  const waits: Promise<void>[] = [];
  const command = async (index: number) => {
    const id = accounts[index % accounts.length] as string;
    const response = await fetch(`${url}/commands/bank.account/${id}/deposit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 1 }),
    });
    const answered = performance.now();
    const { version } = (await response.json()) as { version: number };
    if (response.status !== 200) throw new Error(`deposit answered ${response.status}`);
    deposits.set(id, (deposits.get(id) ?? 0) + 1);
    for (;;) {
      const document = await read(id);
      if ((document?.asOfVersion ?? 0) >= version) {
        lags.push(performance.now() - answered);
        return;
      }
      if (performance.now() - answered > GIVE_UP_AFTER_IN_MS) {
        missing++;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_IN_MS));
    }
  };
  const total = Math.round((ratePerSecond * durationInMs) / 1000);
  const started = performance.now();
  for (let index = 0; index < total; index++) {
    const due = started + (index * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    waits.push(command(index));
  }
  await Promise.all(waits);
  let inconsistentAccounts = 0;
  for (const [id, count] of deposits) {
    const document = await read(id);
    if (document?.state?.deposits !== count) inconsistentAccounts++;
  }
  return {
    ratePerSecond,
    durationInSeconds: durationInMs / 1000,
    commands: total,
    lag: summarize(lags),
    missing,
    inconsistentAccounts,
  };
}

/** Opens the accounts and waits until each one's projection exists, so the lag phase starts warm. */
export async function openAndProject(
  url: string,
  projections: ContainerClient,
  ids: string[],
): Promise<void> {
  for (const id of ids) await post(url, `/commands/bank.account/${id}/open`, { owner: 'Bench' });
  const deadline = Date.now() + 30_000;
  for (const id of ids) {
    while (!(await projections.getBlobClient(`account-balance/${id}.json`).exists())) {
      if (Date.now() > deadline) throw new Error(`The projection of ${id} did not appear within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
