// The publish sweeper's drain rate (issue 10): a backlog of publish intents, as a bus outage under load leaves
// behind (each stream appended, nothing published), drained by one sweeper run on the Table store through the
// counting proxies. Reported as intents (and events) per second.
import { createApplication } from '../src/application.js';
import { mapWithConcurrency } from '../src/shared/concurrency.js';
import { type BenchEnvironment, configurationMapFor } from './environment.js';
import { seedAccount } from './ours.js';

export interface SweeperDrainResult {
  intents: number;
  published: number;
  seconds: number;
  intentsPerSecond: number;
  /** Storage requests per intent during the sweep (read, remove). */
  requestsPerIntent: number;
}

export async function measureSweeperDrain(
  environment: BenchEnvironment,
  folder: string,
  intents: number,
  log: (message: string) => void,
): Promise<SweeperDrainResult> {
  const application = createApplication({
    env: {
      ...environment.settings,
      ConfigurationMap: configurationMapFor('table', folder),
      PublishSweepAfterInMs: '0',
    },
  });
  try {
    const aggregateType = 'bank.account';
    const createdAt = new Date(Date.now() - 3_600_000).toISOString();
    const run = Date.now().toString(36);
    log(`sweeper drain: seeding ${intents} appended, unpublished streams…`);
    await mapWithConcurrency(
      Array.from({ length: intents }, (_, n) => `drain-${run}-${n}`),
      16,
      async (aggregateId) => {
        await seedAccount(application, aggregateId, 1);
        await application.messaging.intents.record({
          id: aggregateId,
          aggregateType,
          aggregateId,
          fromVersion: 1,
          toVersion: 1,
          createdAt,
        });
      },
    );
    environment.resetTraffic();
    const started = performance.now();
    const report = await application.messaging.sweep();
    const seconds = (performance.now() - started) / 1000;
    if (report.failed > 0 || report.intents < intents) {
      throw new Error(`sweeper drain: ${report.failed} failed, ${report.intents} of ${intents} seen`);
    }
    return {
      intents: report.intents,
      published: report.published,
      seconds: Math.round(seconds * 100) / 100,
      intentsPerSecond: Math.round(report.intents / seconds),
      requestsPerIntent: Math.round((environment.traffic().requests / report.intents) * 100) / 100,
    };
  } finally {
    await application.close();
  }
}
