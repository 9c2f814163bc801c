// The app's metrics through the OpenTelemetry API. The API hands out no-op instruments until a meter provider is
// registered (sdk/start.ts), and keeps them no-op after; so the instruments are made per provider, on first use.
import { type Counter, type Gauge, type Histogram, type MeterProvider, metrics } from '@opentelemetry/api';

export interface AppMetrics {
  /** Commands handled, by `app.aggregate_type`, `app.command` and `app.outcome`. */
  commands: Counter;
  /** Command latency in milliseconds, by the same attributes. */
  commandDuration: Histogram;
  /** Races lost (and retried) by the command pipeline. */
  conflicts: Counter;
  /** Publish intents waiting, and the age of the oldest, as last seen (sweeper, health). */
  publishBacklog: Gauge;
  publishOldestAgeInMs: Gauge;
  /** Events the sweeper published because the normal path had not. */
  republished: Counter;
  /** Event time to document written, per `app.projection`. */
  projectionLagInMs: Histogram;
  /** How long the oldest message waiting for a projection has waited, as last seen (health), per `app.projection`. */
  projectionWaitingInMs: Gauge;
  /** Messages in a dead-letter queue of the app's subscriptions, as last seen, by `app.subscription`. */
  deadLettered: Gauge;
}

let made: { provider: MeterProvider; metrics: AppMetrics } | undefined;

export function appMetrics(): AppMetrics {
  const provider = metrics.getMeterProvider();
  if (made?.provider === provider) return made.metrics;
  const meter = provider.getMeter('azure-event-sourcing');
  const instruments: AppMetrics = {
    commands: meter.createCounter('app.commands', { description: 'Commands handled, by outcome' }),
    commandDuration: meter.createHistogram('app.command.duration', {
      description: 'Command latency',
      unit: 'ms',
    }),
    conflicts: meter.createCounter('app.command.conflicts', {
      description: 'Concurrency conflicts retried by the command pipeline',
    }),
    publishBacklog: meter.createGauge('app.publish.backlog', {
      description: 'Publish intents waiting to be published',
    }),
    publishOldestAgeInMs: meter.createGauge('app.publish.oldest_age', {
      description: 'Age of the oldest publish intent',
      unit: 'ms',
    }),
    republished: meter.createCounter('app.sweeper.republished', {
      description: 'Events the publish sweeper published',
    }),
    projectionLagInMs: meter.createHistogram('app.projection.lag', {
      description: 'Time from an event to the projection document that reflects it',
      unit: 'ms',
    }),
    projectionWaitingInMs: meter.createGauge('app.projection.oldest_waiting', {
      description: 'Age of the oldest message waiting for a projection',
      unit: 'ms',
    }),
    deadLettered: meter.createGauge('app.dead_lettered', {
      description: 'Messages in the dead-letter queue of a subscription',
    }),
  };
  made = { provider, metrics: instruments };
  return instruments;
}
