// Invariant 2 with a real crash: host A acknowledges commands while the bus is unreachable, and is killed
// (SIGKILL) before it can publish. Host B, started afterwards, sweeps the publish intents A left behind:
// every stored event reaches a downstream subscriber exactly once, and the projections count each once.
import { describe, expect, it } from 'vitest';
import { findFreePort } from '../../emulators/ports.js';
import { about, subscribeDownstream } from '../support/downstream.js';
import { emulators } from '../support/emulators.js';
import { uniqueId } from '../support/envelopes.js';
import { startHost } from '../support/localHost.js';
import { topicName } from '../support/serviceBusTopics.js';

const downstream = subscribeDownstream('e2e');

describe('a host killed between appending and publishing', () => {
  it('loses no publication: the next host sweeps and delivers every stored event once', async () => {
    const settings = { ...emulators().settings, ConfigurationMap: '', EventsTopicName: topicName('e2e') };
    const deadBus = `Endpoint=sb://127.0.0.1:${await findFreePort()};SharedAccessKeyName=x;SharedAccessKey=x;UseDevelopmentEmulator=true;`;
    const hostA = await startHost(['--no-emulators', '--port', '0'], {
      ...settings,
      ServiceBusConnection: deadBus,
    });
    const id = uniqueId('acc');
    const post = async (url: string, path: string, body: unknown) =>
      (
        await fetch(`${url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).status;
    expect(await post(hostA.url, `/commands/bank.account/${id}/open`, { owner: 'Ada' })).toBe(200);
    for (const amount of [10, 20, 30])
      expect(await post(hostA.url, `/commands/bank.account/${id}/deposit`, { amount })).toBe(200);
    await hostA.stop('SIGKILL');
    expect(downstream.messages.filter(about(id))).toEqual([]);

    const hostB = await startHost(['--no-emulators', '--port', '0'], {
      ...settings,
      PublishSweepSchedule: '*/1 * * * * *',
      PublishSweepAfterInMs: '0',
    });
    try {
      const delivered = await downstream.waitFor(about(id), 4, 15_000);
      await new Promise((resolve) => setTimeout(resolve, 1500)); // a second sweep must not deliver copies
      const versions = downstream.messages
        .filter(about(id))
        .map((message) => Number(message.applicationProperties?.version));
      expect(versions.sort()).toEqual([1, 2, 3, 4]);
      expect(delivered.map((message) => message.subject).sort()).toEqual(
        ['AccountOpened', 'MoneyDeposited', 'MoneyDeposited', 'MoneyDeposited'].sort(),
      );
      // Host B's projection runner saw the swept events too: each one counted exactly once.
      const deadline = Date.now() + 10_000;
      let snapshot: { asOfVersion?: number; state?: { balance?: number; deposits?: number } } = {};
      while (snapshot.asOfVersion !== 4 && Date.now() < deadline) {
        const response = await fetch(`${hostB.url}/projections/account-balance/${id}`);
        if (response.status === 200) snapshot = (await response.json()) as typeof snapshot;
        else await response.arrayBuffer();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(snapshot).toMatchObject({ asOfVersion: 4, state: { balance: 60, deposits: 3 } });
    } finally {
      await hostB.stop();
    }
  });
});
