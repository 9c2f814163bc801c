// Rebuilding gives the same snapshots as incremental processing, on every store: a few hundred random command
// sequences (seeded, so a failure can be replayed) across the three sample domains, their events delivered
// out of order and partly twice, then every projection rebuilt by a job into a new generation and compared
// document by document (state, asOfVersion and the entry records of lists and classifiers; not updatedAt).
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { Application } from '../../src/application.js';
import { DomainRuleViolated } from '../../src/domain/decider.js';
import type { ProjectionDocumentStore } from '../../src/projections/projection.js';
import type { EventEnvelope } from '../../src/stores/eventStore.js';
import {
  configurationMapFor,
  createTestApplication,
  STORES,
  type StoreChoice,
} from '../support/application.js';
import { rebuildNow } from '../support/rebuildQueue.js';

const SEED = 20260101;
const SAMPLE_TYPES = ['bank.account', 'diary.item', 'fleet.vehicle'];
const SEQUENCES_PER_DOMAIN = 80;

/** mulberry32: a small seeded PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return { next, int, pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T };
}

type Random = ReturnType<typeof prng>;
type Step = [commandName: string, payload: unknown];

const amount = (random: Random) => random.int(1, 20_000) / 100;
const instant = (random: Random) =>
  new Date(Date.UTC(2031, random.int(0, 11), random.int(1, 28), random.int(0, 23)))
    .toISOString()
    .replace('.000Z', '+00:00');

/** One aggregate's command sequence; the domain may refuse some of them (that is part of the test). */
function sequenceFor(aggregateType: string, random: Random): Step[] {
  const length = random.int(1, 7);
  const steps: Step[] = [];
  if (aggregateType === 'bank.account') {
    steps.push(['open', { owner: `Owner ${random.int(1, 99)}`, overdraftLimit: random.int(0, 3) * 50 }]);
    while (steps.length < length) {
      const roll = random.next();
      steps.push(
        roll < 0.45
          ? ['deposit', { amount: amount(random) }]
          : roll < 0.95
            ? ['withdraw', { amount: amount(random) }]
            : ['close', {}],
      );
    }
  } else if (aggregateType === 'diary.item') {
    steps.push([
      'create',
      { title: `Item ${random.int(1, 999)}`, from: instant(random), to: '2032-06-01T00:00:00Z' },
    ]);
    while (steps.length < length) {
      const roll = random.next();
      steps.push(
        roll < 0.4
          ? ['rename', { title: `Renamed ${random.int(1, 999)}` }]
          : roll < 0.85
            ? ['reschedule', { from: instant(random), to: '2032-06-01T00:00:00Z' }]
            : ['delete', {}],
      );
    }
  } else {
    steps.push([
      'register',
      { make: random.pick(['Saab', 'Volvo', 'Fiat']), model: 'M', year: random.int(1990, 2030) },
    ]);
    let odometer = 0;
    while (steps.length < length) {
      odometer += random.int(0, 5000);
      const roll = random.next();
      steps.push(
        roll < 0.3
          ? ['record-mileage', { odometer }]
          : roll < 0.6
            ? ['lease', { customer: `Customer ${random.int(1, 9)}`, until: '2032-01-01T00:00:00Z' }]
            : roll < 0.9
              ? ['return', { odometer }]
              : ['retire', {}],
      );
    }
  }
  return steps;
}

function isolatedApplication(store: StoreChoice): Application {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 10);
  const localFolder = `.data/test-projections-${suffix}`;
  const map = JSON.parse(configurationMapFor(store, { localFolder }));
  map.implementations.table.tablePrefix = `r${suffix}`;
  map.implementations.blob.container = `r-${suffix}`;
  map.implementations.files.share = `r-${suffix}`;
  map.projections.container = `r-${suffix}`;
  afterAll(() => rm(localFolder, { recursive: true, force: true }));
  return createTestApplication({ store, env: { ConfigurationMap: JSON.stringify(map) } });
}

async function comparable(documents: ProjectionDocumentStore, projection: string, key: string) {
  const stored = await documents.get(projection, key);
  if (!stored) return undefined;
  const { updatedAt: _, index, ...rest } = stored.document;
  return { ...rest, entry: index?.key };
}

/** The keys of every entry record of a list or classifier, in order. */
async function entryKeys(documents: ProjectionDocumentStore, projection: string): Promise<string[]> {
  return (await documents.list(projection, { prefix: '$entry/', limit: 5000 })).keys;
}

describe.each(STORES)('rebuild versus incremental processing on the %s store', (store) => {
  const application = isolatedApplication(store);

  // Hundreds of commands and deliveries per store: slow under the load of the other test files, so its own timeout.
  it(`agrees over ${3 * SEQUENCES_PER_DOMAIN} random command sequences (seed ${SEED})`, {
    timeout: 120_000,
  }, async () => {
    const random = prng(SEED);
    const streams = SAMPLE_TYPES.flatMap((aggregateType) =>
      Array.from({ length: SEQUENCES_PER_DOMAIN }, (_, n) => ({
        aggregateType,
        aggregateId: `s${n}-${randomUUID().slice(0, 8)}`,
        steps: sequenceFor(aggregateType, random),
      })),
    );
    let refused = 0;
    const run = async ({ aggregateType, aggregateId, steps }: (typeof streams)[number]) => {
      for (const [commandName, payload] of steps) {
        const request = {
          aggregateType,
          aggregateId,
          commandName,
          payload,
          causationId: randomUUID(),
          correlationId: 'rebuild',
        };
        await application.commands.handle(request).catch((error: unknown) => {
          if (!(error instanceof DomainRuleViolated)) throw error;
          refused++;
        });
      }
    };
    // One sequence first: the Append Blob store creates its container on first use, and concurrent first
    // appends to a new container can fail (see the report). Then all the others at once.
    const [first, ...others] = streams;
    if (first) await run(first);
    await Promise.all(others.map(run));
    const events: EventEnvelope[] = (
      await Promise.all(
        streams.map(
          async (stream) =>
            (
              await application.stores.forAggregateType(stream.aggregateType).readStream(stream)
            ).events,
        ),
      )
    ).flat();
    expect(events.length).toBeGreaterThan(streams.length * 2);
    expect(refused).toBeGreaterThan(0);

    // Incremental: shuffled (so gaps are filled from the store) with about one event in ten delivered twice.
    const deliveries = [...events, ...events.filter(() => random.next() < 0.1)];
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = random.int(0, i);
      [deliveries[i], deliveries[j]] = [deliveries[j] as EventEnvelope, deliveries[i] as EventEnvelope];
    }
    const { runner, documents, definitions } = application.projections;
    const lanes = 4;
    await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        for (let n = lane; n < deliveries.length; n += lanes) await runner.handle(deliveries[n]);
      }),
    );

    // The projections of the three sample domains (others, added later, follow types this test does not write).
    const samples = definitions.filter((definition) =>
      Object.keys(definition.handles).every((type) => SAMPLE_TYPES.includes(type)),
    );
    const [items, members] = [
      await entryKeys(documents, 'diary-items'),
      await entryKeys(documents, 'accounts-in-arrears'),
    ];
    const keys: [string, string][] = [
      ...items.map((key): [string, string] => ['diary-items', key]),
      ...members.map((key): [string, string] => ['accounts-in-arrears', key]),
      ...streams.flatMap(({ aggregateType, aggregateId }): [string, string][] =>
        aggregateType === 'bank.account'
          ? [
              ['account-balance', aggregateId],
              ['accounts-in-arrears', aggregateId],
            ]
          : aggregateType === 'fleet.vehicle'
            ? [['vehicle-summary', aggregateId]]
            : [['diary-items', aggregateId]],
      ),
    ];
    const live = (projection: string) => application.projections.generations.liveCollection(projection);
    const read = () =>
      Promise.all(keys.map(async ([projection, key]) => comparable(documents, await live(projection), key)));
    const incremental = await read();

    // Each rebuilt as a job into a new generation, which readers then read; the old one is deleted.
    for (const definition of samples) {
      const job = await rebuildNow(application, definition.name);
      expect(job).toMatchObject({ generation: 1, previous: 0, skippedCount: 0 });
      expect(job.streams).toEqual({ listed: SEQUENCES_PER_DOMAIN, done: SEQUENCES_PER_DOMAIN });
      expect(await live(definition.name)).toBe(`${definition.name}.g1`);
      expect((await documents.list(definition.name)).keys).toEqual([]);
    }
    expect(await entryKeys(documents, 'diary-items.g1')).toEqual(items);
    expect(await entryKeys(documents, 'accounts-in-arrears.g1')).toEqual(members);
    const replayed = await read();
    expect(incremental.every((document) => document !== undefined)).toBe(true);
    expect(replayed).toEqual(incremental);
    // The lists are not trivially empty.
    expect(items.length).toBeGreaterThan(10);
    expect(members.length).toBeGreaterThan(3);
  });
});
