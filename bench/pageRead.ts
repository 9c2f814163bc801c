// Page reads on a long stream (issue 10: reads cost what they return). On each store, a 10-command stream,
// a 100-command one and a long one (3,000 commands of one event each, as a busy diary item or account would
// have), then a 100-event page read from the middle and from the end of the long one, against the one page
// of each short one. Cold: each read on a fresh store (no cached head, no stream index in memory: the first
// page an instance serves of that stream) whose connections were opened before the timer, as on an instance
// that has been serving other streams; warm: the same store again. The target compares with the 10-command
// stream (within 2×); the 100-command stream returns as many events as the page, so it shows what the
// stream's length alone costs.
import type { Application } from '../src/application.js';
import { toEnvelopes } from '../src/commands/envelopes.js';
import { SequenceClock } from '../src/commands/sequence.js';
import { bankAccount } from '../src/domain/bankAccount/index.js';
import { currentSchemaVersion } from '../src/domain/upcasting.js';
import type { EventStore, ReadStreamOptions } from '../src/stores/eventStore.js';
import { EventStores } from '../src/stores/eventStores.js';
import type { BenchStore } from './environment.js';
import { benchApplication } from './ours.js';
import { round, timeEach } from './stats.js';

const PAGE = 100;
const SHORT = 10;
const HUNDRED = 100;

export interface PageReadLatency {
  p50: number;
  p95: number;
}

export interface PageReadTimes {
  cold: PageReadLatency;
  warm: PageReadLatency;
}

export interface PageReadResult {
  /** Commands (one event each) in the long stream. */
  commands: number;
  /** The 10-command stream's only page. */
  short: PageReadTimes;
  /** The 100-command stream's only page: as many events as a page of the long one. */
  hundred: PageReadTimes;
  middle: PageReadTimes;
  end: PageReadTimes;
  /** Long / 10-command stream, cold p50: the figure the target applies to. */
  ratioMiddle: number;
  ratioEnd: number;
  /** Long / 100-command stream, cold p50: what the stream's length alone costs. */
  lengthRatioMiddle: number;
  lengthRatioEnd: number;
}

export async function measurePageReads(
  store: BenchStore,
  settings: Record<string, string>,
  map: string,
  sizes: { pageCommands: number; pageSamples: number },
): Promise<PageReadResult> {
  const application = benchApplication(settings, map);
  try {
    const short = `${store}-page-${SHORT}`;
    const hundred = `${store}-page-${HUNDRED}`;
    const long = `${store}-page-${sizes.pageCommands}`;
    await seedCommands(application, short, SHORT);
    await seedCommands(application, hundred, HUNDRED);
    await seedCommands(application, long, sizes.pageCommands);
    const middle = Math.floor(sizes.pageCommands / 2);
    const time = (aggregateId: string, options: ReadStreamOptions, events: number) =>
      timeReads(application, aggregateId, options, events, sizes.pageSamples);
    const shortPage = await time(short, { fromVersion: 1, limit: PAGE }, SHORT);
    const hundredPage = await time(hundred, { fromVersion: 1, limit: PAGE }, HUNDRED);
    const middlePage = await time(long, { fromVersion: middle, limit: PAGE }, PAGE);
    const endPage = await time(long, { fromVersion: sizes.pageCommands - PAGE + 1, limit: PAGE }, PAGE);
    const ratio = (long: PageReadTimes, short: PageReadTimes) =>
      round(long.cold.p50 / Math.max(short.cold.p50, 0.001));
    return {
      commands: sizes.pageCommands,
      short: shortPage,
      hundred: hundredPage,
      middle: middlePage,
      end: endPage,
      ratioMiddle: ratio(middlePage, shortPage),
      ratioEnd: ratio(endPage, shortPage),
      lengthRatioMiddle: ratio(middlePage, hundredPage),
      lengthRatioEnd: ratio(endPage, hundredPage),
    };
  } finally {
    await application.close();
  }
}

/** An account stream of `count` commands of one event each, written straight through the store. */
async function seedCommands(application: Application, aggregateId: string, count: number): Promise<void> {
  const stream = { aggregateType: 'bank.account', aggregateId };
  const store = application.stores.forAggregateType('bank.account');
  const sequence = new SequenceClock();
  const metadata = { correlationId: 'seed', causationId: 'seed', commandName: 'deposit' };
  for (let version = 0; version < count; version++) {
    const event =
      version === 0
        ? { type: 'AccountOpened', data: { owner: 'Bench', overdraftLimit: 0, currency: 'EUR' } }
        : { type: 'MoneyDeposited', data: { amount: 1 } };
    const envelopes = toEnvelopes(stream, version, [event], {
      occurredAt: new Date().toISOString(),
      metadata,
      sequence,
      schemaVersion: (type) => currentSchemaVersion(bankAccount, type),
    });
    await store.appendToStream(stream, version, envelopes);
  }
}

/** Cold reads (a fresh store each, built and connected before the timer), then warm ones (one store). */
async function timeReads(
  application: Application,
  aggregateId: string,
  options: ReadStreamOptions,
  expected: number,
  samples: number,
): Promise<PageReadTimes> {
  const stream = { aggregateType: 'bank.account', aggregateId };
  const { configurationMap, env } = application.settings;
  // An In-Memory store's streams live in its instance: it can only be read warm.
  const inMemory = application.stores.forAggregateType('bank.account').name === 'in-memory';
  const fresh = Array.from({ length: samples }, () =>
    inMemory ? application.stores : new EventStores(configurationMap, env),
  );
  // Two requests at once open two connections, as many as a read uses at a time.
  for (const stores of fresh) {
    const store = stores.forAggregateType('bank.account');
    await Promise.all([store.checkHealth(), store.checkHealth()]);
  }
  const read = async (store: EventStore) => {
    const { events } = await store.readStream(stream, options);
    if (events.length !== expected)
      throw new Error(`${aggregateId}: read ${events.length} of ${expected} events`);
  };
  try {
    const cold = await timeEach(samples, (index) =>
      read((fresh[index] as EventStores).forAggregateType('bank.account')),
    );
    const warmStore = application.stores.forAggregateType('bank.account');
    await read(warmStore);
    const warm = await timeEach(samples, () => read(warmStore));
    return { cold: percentiles(cold), warm: percentiles(warm) };
  } finally {
    if (!inMemory) await Promise.all(fresh.map((stores) => stores.close()));
  }
}

function percentiles(samplesInMs: number[]): PageReadLatency {
  const sorted = [...samplesInMs].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0, 3);
  return { p50: at(0.5), p95: at(0.95) };
}
