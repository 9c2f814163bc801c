// Issue 14 (acceptance, scaled down): a rebuild job of account-balance over a few hundred streams, with commands
// arriving throughout and the local host killed (SIGKILL) and started again once in the middle, finishes; every
// document then equals what incremental processing of its stream gives; a reader polling documents during the
// rebuild never sees one go back in version. bench/rebuildSoak.ts does the work (`npm run bench -- --soak`
// runs it over 100,000 streams).
import { describe, expect, it } from 'vitest';
import { rebuildSoak } from '../../bench/rebuildSoak.js';
import { emulators } from '../support/emulators.js';
import { startHost } from '../support/localHost.js';
import { topicName } from '../support/serviceBusTopics.js';

describe('a rebuild job with commands arriving and the host killed in the middle', () => {
  it('finishes, agrees with incremental processing and never shows a document going back', {
    timeout: 240_000,
  }, async () => {
    const result = await rebuildSoak({
      // Generous, as for every test application: test files share one Azurite, which answers slowly under load.
      settings: { ...emulators().settings, StoreDeadlineInMs: '30000' },
      startHost: async (env) => {
        const host = await startHost(['--no-emulators', '--port', '0'], env);
        return {
          url: host.url,
          kill: async () => void (await host.stop('SIGKILL')),
          stop: async () => void (await host.stop('SIGTERM')),
        };
      },
      topic: topicName('rebuild'),
      queue: 'rebuilds-e2e',
      liveAccounts: 60,
      seededAccounts: 240,
      commandsPerSecond: 20,
      settleInMs: 1_000,
      killAfter: 0,
      log: (message) => console.info(`[soak] ${message}`),
    });
    expect(result.job.phase).toBe('finished');
    expect(result.killedAt).not.toBe('');
    expect(result.commands.ok).toBeGreaterThan(20);
    expect(result.reader.polls).toBeGreaterThan(100);
    expect(result.reader.backwards).toEqual([]);
    expect(result.compared).toBe(300);
    expect(result.mismatches).toEqual([]);
  });
});
