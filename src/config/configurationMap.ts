// The configuration map: which event store implementation each aggregate type uses, with per-type settings.
// It ships as configurationMap.json beside this file and can be replaced by the `ConfigurationMap` app
// setting (the same JSON). Invalid maps fail at start-up with a message naming the entry at fault.
import { z } from 'zod';
import { ConfigurationError } from '../errors.js';
import { AGGREGATE_TYPE_PATTERN } from '../shared/identifiers.js';
import { formatIssues } from './formatIssues.js';

const connectionName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be an app setting name (letters, digits, underscores)');

/** Blob container names: 3-63 lower-case letters, digits and single hyphens. */
export const containerName = z
  .string()
  .regex(
    /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/,
    'must be a blob container name (3-63 lower-case letters, digits, hyphens)',
  );

const implementationSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('table'),
    connection: connectionName,
    tablePrefix: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9]{2,20}$/, 'must be 3-21 letters or digits, starting with a letter')
      .default('events'),
    snapshotContainer: containerName.default('snapshots'),
  }),
  z.strictObject({
    type: z.literal('append-blob'),
    connection: connectionName,
    container: containerName.default('event-streams'),
    /** Append blocks (commands) per blob before the stream continues in the next blob; Azure allows 50,000. */
    maxBlocksPerBlob: z.number().int().min(1).max(50_000).default(50_000),
    /** Versions between two checkpoints of each stream's index (reads start at the one before them). */
    checkpointEvery: z.number().int().min(1).max(1_000_000).default(100),
    snapshotContainer: containerName.default('snapshots'),
  }),
  z.strictObject({
    type: z.literal('file-share'),
    connection: connectionName,
    share: containerName.default('event-streams'),
    directory: z
      .string()
      .regex(
        /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/,
        'must be a relative directory path such as "streams" or "a/b"',
      )
      .default('streams'),
    /** Each stream file is created this large and doubled when full. */
    initialSizeInBytes: z
      .number()
      .int()
      .min(512)
      .max(1024 ** 3)
      .default(64 * 1024),
    /** A lease left by a crashed writer is broken once it has been held this long. */
    leaseStalenessInMs: z.number().int().min(100).max(3_600_000).default(30_000),
    /** Versions between two checkpoints of each stream's index (reads start at the one before them). */
    checkpointEvery: z.number().int().min(1).max(1_000_000).default(100),
    snapshotContainer: containerName.default('snapshots'),
  }),
  z.strictObject({
    type: z.literal('local-file'),
    folder: z.string().min(1),
    fsync: z.boolean().default(true),
  }),
  z.strictObject({ type: z.literal('in-memory') }),
]);

const aggregateSettingsSchema = z.strictObject({
  store: z.string().min(1),
  /** Take an aggregate snapshot every N events (off when absent). */
  snapshotEvery: z.number().int().min(1).max(1_000_000).optional(),
  /** How many of a stream's last keyed commands are remembered for idempotent replays. */
  idempotencyKeys: z.number().int().min(0).max(1000).default(100),
});

/** Where the read side keeps projection snapshots: beside an implementation (its connection, folder or memory). */
const projectionsSchema = z.strictObject({
  store: z.string().min(1),
  container: containerName.default('projections'),
});

/** Where publish intents are recorded: an Azure Table on an implementation's connection, its folder, or memory. */
const publishIntentsSchema = z.strictObject({
  store: z.string().min(1),
  table: z
    .string()
    .regex(
      /^[A-Za-z][A-Za-z0-9]{2,62}$/,
      'must be a table name (3-63 letters or digits, starting with a letter)',
    )
    .default('publishintents'),
});

const mapSchema = z.strictObject({
  /** Default: beside the store of the "*" entry. */
  projections: projectionsSchema.optional(),
  /** Default: beside the store of the "*" entry. */
  publishIntents: publishIntentsSchema.optional(),
  implementations: z.record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'invalid implementation name'),
    implementationSchema,
  ),
  aggregates: z.record(
    z.string().refine((key) => key === '*' || AGGREGATE_TYPE_PATTERN.test(key), {
      message: 'must be "*" or a domain-qualified aggregate type such as "bank.account"',
    }),
    aggregateSettingsSchema,
  ),
});

type ParsedMap = z.output<typeof mapSchema>;
export type ConfigurationMap = ParsedMap & {
  projections: z.output<typeof projectionsSchema>;
  publishIntents: z.output<typeof publishIntentsSchema>;
};
export type ImplementationConfig = z.output<typeof implementationSchema>;
export type AggregateSettings = z.output<typeof aggregateSettingsSchema>;

/** Parses and validates a configuration map; `source` names where it came from, for error messages. */
export function parseConfigurationMap(json: unknown, source: string, knownAggregateTypes: readonly string[]) {
  const parsed = mapSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigurationError(
      `Invalid configuration map (${source}):\n${formatIssues(parsed.error.issues)}`,
    );
  }
  const defaultStore = parsed.data.aggregates['*']?.store ?? '';
  const map: ConfigurationMap = {
    ...parsed.data,
    projections: parsed.data.projections ?? { store: defaultStore, container: 'projections' },
    publishIntents: parsed.data.publishIntents ?? { store: defaultStore, table: 'publishintents' },
  };
  const problems: string[] = [];
  const implementations = Object.keys(map.implementations);
  if (!map.aggregates['*']) problems.push('aggregates["*"]: a default entry is required');
  for (const section of ['projections', 'publishIntents'] as const) {
    const store = map[section].store;
    if (!map.implementations[store]) {
      problems.push(
        `${section}.store: unknown implementation "${store}" (known: ${implementations.join(', ')})`,
      );
    }
  }
  for (const [type, settings] of Object.entries(map.aggregates)) {
    if (!map.implementations[settings.store]) {
      problems.push(
        `aggregates["${type}"].store: unknown implementation "${settings.store}" (known: ${implementations.join(', ')})`,
      );
    }
    if (type !== '*' && !knownAggregateTypes.includes(type)) {
      problems.push(
        `aggregates["${type}"]: no aggregate of this type is registered (known: ${knownAggregateTypes.join(', ')})`,
      );
    }
  }
  if (problems.length > 0) {
    throw new ConfigurationError(
      `Invalid configuration map (${source}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  return map;
}

/** The settings that apply to one aggregate type: its own entry, else the `*` default. */
export function settingsFor(
  map: ConfigurationMap,
  aggregateType: string,
): AggregateSettings & { implementation: string } {
  const settings = map.aggregates[aggregateType] ?? map.aggregates['*'];
  if (!settings)
    throw new ConfigurationError(`No configuration map entry for ${aggregateType} and no "*" default`);
  return { ...settings, implementation: settings.store };
}
