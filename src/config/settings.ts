// Typed settings, read once from the app settings (environment variables) and validated at start-up.
import { z } from 'zod';
import { ConfigurationError } from '../errors.js';
import { type ConfigurationMap, parseConfigurationMap } from './configurationMap.js';
import defaultConfigurationMap from './configurationMap.json' with { type: 'json' };
import { formatIssues } from './formatIssues.js';

export type Environment = Readonly<Record<string, string | undefined>>;

const entityName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/, 'must be a Service Bus entity name');

/** An app setting that is present but blank counts as not set. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema);

const settingsSchema = z.object({
  ConfigurationMap: optional(z.string().trim().optional()),
  EventsTopicName: optional(entityName.default('events')),
  ProjectionsSubscriptionName: optional(entityName.default('projections')),
  CommandRetryLimit: optional(z.coerce.number().int().min(0).max(100).default(10)),
  PublishSweepAfterInMs: optional(z.coerce.number().int().min(0).max(86_400_000).default(30_000)),
  PublishLingerInMs: optional(z.coerce.number().int().min(0).max(1_000).default(10)),
  PublishIntentExpiryInMs: optional(
    z.coerce
      .number()
      .int()
      .min(1000)
      .max(7 * 86_400_000)
      .default(600_000),
  ),
  StoreDeadlineInMs: optional(z.coerce.number().int().min(100).max(120_000).default(5_000)),
  // Below host.json's maxAutoLockRenewalDuration (5 minutes), so the message's lock outlives the retries.
  MessageRetryForInMs: optional(z.coerce.number().int().min(0).max(280_000).default(240_000)),
  WorkflowsSubscriptionName: optional(entityName.default('workflows')),
  WorkflowTimersQueueName: optional(entityName.default('workflow-timers')),
  WorkflowCommandAttempts: optional(z.coerce.number().int().min(1).max(20).default(8)),
  TransferApprovalTimeoutInMs: optional(
    z.coerce
      .number()
      .int()
      .min(1)
      .max(30 * 86_400_000)
      .default(86_400_000),
  ),
  // Health (GET /api/health) turns 503 when a projection's oldest waiting message or the oldest publish intent is
  // older than this: the read side or publishing is stuck.
  HealthProjectionLagLimitInMs: optional(z.coerce.number().int().min(1000).max(86_400_000).default(60_000)),
  HealthPublishBacklogLimitInMs: optional(z.coerce.number().int().min(1000).max(86_400_000).default(120_000)),
  // Who may use the explorer (/api/ui): `open` (locally), or only users App Service authentication signed in.
  ExplorerAccess: optional(
    z.enum(['open', 'app-service-authentication']).default('app-service-authentication'),
  ),
  RebuildQueueName: optional(entityName.default('projection-rebuilds')),
  RebuildSettleInMs: optional(z.coerce.number().int().min(0).max(600_000).default(10_000)),
});

export interface Settings {
  configurationMap: ConfigurationMap;
  eventsTopicName: string;
  projectionsSubscriptionName: string;
  /** How often the command pipeline re-loads and re-decides after losing a race before answering 409. */
  commandRetryLimit: number;
  /** The sweeper publishes intents older than this (the normal path removes them within milliseconds). */
  publishSweepAfterInMs: number;
  /**
   * How long a live event waits for others published close after it to go in the same Service Bus send (the
   * first after a quiet spell goes at once); 0 sends each command's events on their own.
   */
  publishLingerInMs: number;
  /** An intent whose events never appeared (its append failed) is dropped after this long. */
  publishIntentExpiryInMs: number;
  /** Every storage call of the command and query paths answers within this, or the request gets 503. */
  storeDeadlineInMs: number;
  /**
   * How long a Service Bus-triggered handler keeps retrying a message that failed for a transient reason (a
   * store down) before it gives the message back, so an outage does not spend the message's delivery count.
   */
  messageRetryForInMs: number;
  workflows: {
    /** The events topic's subscription the workflow engine reads (filtered to the events workflows take). */
    subscriptionName: string;
    /** The queue the workflows' timers are scheduled on. */
    timersQueueName: string;
    /** Tries of a command that keeps failing for a transient reason before its instance is marked stuck. */
    commandAttempts: number;
    /** The money-transfer sample: how long a transfer above the threshold waits for its approval. */
    transferApprovalTimeoutInMs: number;
  };
  /**
   * `app-service-authentication` (the default): the explorer and its gateway answer only requests that App
   * Service authentication signed in, and nothing while it is off; `open`: everyone (the local host).
   */
  explorerAccess: 'open' | 'app-service-authentication';
  health: {
    /** A projection whose oldest waiting message is older than this makes health 503. */
    projectionLagLimitInMs: number;
    /** A publish intent older than this makes health 503 (the sweeper should have published it). */
    publishBacklogLimitInMs: number;
  };
  /** The Service Bus queue carrying the steps of projection rebuild jobs. */
  rebuildQueueName: string;
  /**
   * How long a rebuild job waits between phases, so every process has seen the generation pointer change
   * (processes cache it for a quarter of this).
   */
  rebuildSettleInMs: number;
  /** The raw app settings, for resolving named connections. */
  env: Environment;
}

export const SETTING_NAMES = Object.keys(settingsSchema.shape);

export function loadSettings(env: Environment, knownAggregateTypes: readonly string[]): Settings {
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigurationError(`Invalid app settings:\n${formatIssues(parsed.error.issues)}`);
  }
  const values = parsed.data;
  return {
    configurationMap: loadConfigurationMap(values.ConfigurationMap, knownAggregateTypes),
    eventsTopicName: values.EventsTopicName,
    projectionsSubscriptionName: values.ProjectionsSubscriptionName,
    commandRetryLimit: values.CommandRetryLimit,
    publishSweepAfterInMs: values.PublishSweepAfterInMs,
    publishLingerInMs: values.PublishLingerInMs,
    publishIntentExpiryInMs: values.PublishIntentExpiryInMs,
    storeDeadlineInMs: values.StoreDeadlineInMs,
    messageRetryForInMs: values.MessageRetryForInMs,
    workflows: {
      subscriptionName: values.WorkflowsSubscriptionName,
      timersQueueName: values.WorkflowTimersQueueName,
      commandAttempts: values.WorkflowCommandAttempts,
      transferApprovalTimeoutInMs: values.TransferApprovalTimeoutInMs,
    },
    explorerAccess: values.ExplorerAccess,
    health: {
      projectionLagLimitInMs: values.HealthProjectionLagLimitInMs,
      publishBacklogLimitInMs: values.HealthPublishBacklogLimitInMs,
    },
    rebuildQueueName: values.RebuildQueueName,
    rebuildSettleInMs: values.RebuildSettleInMs,
    env,
  };
}

function loadConfigurationMap(
  override: string | undefined,
  knownAggregateTypes: readonly string[],
): ConfigurationMap {
  if (override !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(override);
    } catch (error) {
      throw new ConfigurationError(
        `App setting ConfigurationMap is not valid JSON: ${(error as Error).message}`,
      );
    }
    return parseConfigurationMap(json, 'app setting ConfigurationMap', knownAggregateTypes);
  }
  return parseConfigurationMap(
    defaultConfigurationMap,
    'src/config/configurationMap.json',
    knownAggregateTypes,
  );
}
