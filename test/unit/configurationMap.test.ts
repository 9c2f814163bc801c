// The configuration map and app settings: valid input parses with defaults; invalid input fails at start-up
// with a ConfigurationError whose message names the entry at fault.
import { describe, expect, it } from 'vitest';
import { parseConfigurationMap, settingsFor } from '../../src/config/configurationMap.js';
import { loadSettings } from '../../src/config/settings.js';
import { ConfigurationError } from '../../src/errors.js';
import { thrownBy } from './support/thrown.js';

const KNOWN = ['bank.account'];
// The shipped map names every sample aggregate.
const SAMPLES = ['bank.account', 'diary.item', 'fleet.vehicle'];

function map(overrides: Record<string, unknown> = {}) {
  return {
    implementations: { table: { type: 'table', connection: 'EventStorage' }, memory: { type: 'in-memory' } },
    aggregates: { '*': { store: 'table' }, 'bank.account': { store: 'memory' } },
    ...overrides,
  };
}

/** The ConfigurationError message the action fails with. */
function configurationError(action: () => unknown): string {
  const error = thrownBy(action);
  expect(error).toBeInstanceOf(ConfigurationError);
  return (error as ConfigurationError).message;
}

const parse = (json: unknown) => parseConfigurationMap(json, 'test map', KNOWN);

describe('parseConfigurationMap: valid maps', () => {
  it('applies defaults: tablePrefix "events", snapshotContainer "snapshots", fsync true, 100 idempotency keys', () => {
    const parsed = parse(
      map({
        implementations: {
          table: { type: 'table', connection: 'EventStorage' },
          local: { type: 'local-file', folder: '.data/streams' },
        },
        aggregates: { '*': { store: 'local' }, 'bank.account': { store: 'table' } },
      }),
    );
    expect(parsed.implementations.table).toEqual({
      type: 'table',
      connection: 'EventStorage',
      tablePrefix: 'events',
      snapshotContainer: 'snapshots',
    });
    expect(parsed.aggregates['bank.account']).toEqual({ store: 'table', idempotencyKeys: 100 });
    expect(parsed.implementations.local).toEqual({
      type: 'local-file',
      folder: '.data/streams',
      fsync: true,
    });
  });

  it('picks an aggregate type\'s own entry, else the "*" default', () => {
    const parsed = parse(map());
    expect(settingsFor(parsed, 'bank.account').implementation).toBe('memory');
    expect(settingsFor(parsed, 'fleet.vehicle').implementation).toBe('table');
  });

  it('accepts a map with only the "*" entry', () => {
    expect(parse(map({ aggregates: { '*': { store: 'memory' } } })).aggregates).toEqual({
      '*': { store: 'memory', idempotencyKeys: 100 },
    });
  });
});

describe('parseConfigurationMap: invalid maps name the entry at fault', () => {
  it('an aggregate referencing an unknown implementation', () => {
    const message = configurationError(() =>
      parse(map({ aggregates: { '*': { store: 'table' }, 'bank.account': { store: 'cosmos' } } })),
    );
    expect(message).toContain('test map');
    expect(message).toContain('aggregates["bank.account"].store');
    expect(message).toContain('"cosmos"');
  });

  it('a missing "*" default', () => {
    const message = configurationError(() =>
      parse(map({ aggregates: { 'bank.account': { store: 'table' } } })),
    );
    expect(message).toContain('aggregates["*"]');
    expect(message).toMatch(/default/);
  });

  it('an unknown implementation type', () => {
    const message = configurationError(() => parse(map({ implementations: { table: { type: 'cosmos' } } })));
    expect(message).toContain('implementations.table.type');
  });

  it('an unknown key at the top level', () => {
    expect(configurationError(() => parse(map({ snapshots: {} })))).toContain('"snapshots"');
  });

  it('an unknown key in an implementation', () => {
    const message = configurationError(() =>
      parse(
        map({ implementations: { table: { type: 'table', connection: 'EventStorage', tableName: 'x' } } }),
      ),
    );
    expect(message).toContain('implementations.table');
    expect(message).toContain('"tableName"');
  });

  it('an unknown key in an aggregate entry', () => {
    const message = configurationError(() =>
      parse(map({ aggregates: { '*': { store: 'table', snapshot: 5 } } })),
    );
    expect(message).toContain('aggregates["*"]');
    expect(message).toContain('"snapshot"');
  });

  it('a badly formed aggregate type key, saying what a valid key looks like', () => {
    const message = configurationError(() =>
      parse(map({ aggregates: { '*': { store: 'table' }, 'Bank.Account': { store: 'table' } } })),
    );
    expect(message).toContain('aggregates["Bank.Account"]');
    expect(message).toContain('domain-qualified');
  });

  it('an aggregate type that no registered aggregate has', () => {
    const message = configurationError(() =>
      parse(map({ aggregates: { '*': { store: 'table' }, 'fleet.vehicle': { store: 'table' } } })),
    );
    expect(message).toContain('aggregates["fleet.vehicle"]');
    expect(message).toContain('bank.account');
  });

  it('an invalid table prefix or connection name', () => {
    const bad = (table: Record<string, unknown>) =>
      configurationError(() => parse(map({ implementations: { table: { type: 'table', ...table } } })));
    expect(bad({ connection: 'EventStorage', tablePrefix: '1x' })).toContain(
      'implementations.table.tablePrefix',
    );
    expect(bad({ connection: 'Event-Storage' })).toContain('implementations.table.connection');
    expect(bad({})).toContain('implementations.table.connection');
  });

  it('a map that is not an object', () => {
    expect(configurationError(() => parse(null))).toContain('(root)');
    expect(configurationError(() => parse([]))).toContain('(root)');
  });

  it('lists every problem, not just the first', () => {
    const message = configurationError(() =>
      parse(map({ aggregates: { 'bank.account': { store: 'nope' }, 'fleet.vehicle': { store: 'table' } } })),
    );
    expect(message).toContain('aggregates["*"]');
    expect(message).toContain('aggregates["bank.account"].store');
    expect(message).toContain('aggregates["fleet.vehicle"]');
  });
});

describe('loadSettings', () => {
  it('uses the shipped map and defaults when nothing is set', () => {
    const settings = loadSettings({}, SAMPLES);
    expect(settings.eventsTopicName).toBe('events');
    expect(settings.projectionsSubscriptionName).toBe('projections');
    expect(settings.commandRetryLimit).toBe(10);
    expect(settingsFor(settings.configurationMap, 'bank.account').implementation).toBe('table');
  });

  it('lets the ConfigurationMap app setting replace the shipped map', () => {
    const settings = loadSettings(
      {
        ConfigurationMap: JSON.stringify({
          implementations: { m: { type: 'in-memory' } },
          aggregates: { '*': { store: 'm' } },
        }),
      },
      KNOWN,
    );
    expect(settings.configurationMap.implementations).toEqual({ m: { type: 'in-memory' } });
  });

  it('names the app setting when ConfigurationMap is not valid JSON', () => {
    expect(
      configurationError(() => loadSettings({ ConfigurationMap: '{ implementations: ' }, SAMPLES)),
    ).toMatch(/ConfigurationMap.*not valid JSON/);
  });

  it('names the app setting and the entry when the ConfigurationMap setting is an invalid map', () => {
    const json = JSON.stringify({
      implementations: { m: { type: 'in-memory' } },
      aggregates: { '*': { store: 'x' } },
    });
    const message = configurationError(() => loadSettings({ ConfigurationMap: json }, SAMPLES));
    expect(message).toContain('app setting ConfigurationMap');
    expect(message).toContain('aggregates["*"].store');
  });

  it('reads CommandRetryLimit as a number', () => {
    expect(loadSettings({ CommandRetryLimit: '3' }, SAMPLES).commandRetryLimit).toBe(3);
    expect(loadSettings({ CommandRetryLimit: '0' }, SAMPLES).commandRetryLimit).toBe(0);
  });

  it.each(['abc', '-1', '1.5', '101'])('rejects CommandRetryLimit=%j, naming the setting', (value) => {
    expect(configurationError(() => loadSettings({ CommandRetryLimit: value }, SAMPLES))).toContain(
      'CommandRetryLimit',
    );
  });

  it('rejects an invalid topic name, naming the setting', () => {
    expect(configurationError(() => loadSettings({ EventsTopicName: 'no spaces' }, SAMPLES))).toContain(
      'EventsTopicName',
    );
  });
});
