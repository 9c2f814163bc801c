// Health that tells the truth about what happens after a command: the publish backlog (intents the normal
// path has not removed; one page of the intents store) and, per projection, the messages waiting for it in the
// projections subscription (one peek of its oldest). A runner that stopped while events keep arriving lets its
// oldest waiting message grow old: past HealthProjectionLagLimitInMs the check names the projection and health
// answers 503; once the runner has caught up, nothing waits and health is 200 again.
import type { Application } from '../application.js';
import { type PublishBacklog, publishBacklog } from '../messaging/backlog.js';
import { peekWaiting, type WaitingMessage } from '../messaging/waitingMessages.js';
import { handlesEvent } from '../projections/projection.js';
import { appMetrics } from '../telemetry/metrics.js';
import { type HealthCheck, type HealthLog, LimitPassed, timed } from './healthCheck.js';

export type { PublishBacklog } from '../messaging/backlog.js';

export interface ProjectionLag {
  projection: string;
  /** Messages waiting that this projection handles (among the 100 oldest of the subscription). */
  waiting: number;
  /** How long the oldest of them has waited; 0 when none. */
  oldestWaitingInMs: number;
}

export interface ReadSideHealth {
  checks: HealthCheck[];
  publishBacklog?: PublishBacklog;
  projections?: ProjectionLag[];
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

export async function readSideChecks(application: Application, log: HealthLog): Promise<ReadSideHealth> {
  const { health } = application.settings;
  let backlog: PublishBacklog | undefined;
  const backlogCheck = timed(
    'publish backlog',
    async () => {
      backlog = await publishBacklog(application.messaging.intents);
      if (backlog.oldestAgeInMs > health.publishBacklogLimitInMs) {
        throw new LimitPassed(
          `the oldest publish intent has waited ${seconds(backlog.oldestAgeInMs)} (limit ${seconds(health.publishBacklogLimitInMs)}; ${backlog.intents}${backlog.atLeast ? '+' : ''} waiting)`,
        );
      }
    },
    log,
  );
  let waiting: WaitingMessage[] | undefined;
  const subscription = application.settings.projectionsSubscriptionName;
  const peeked = await timed(
    `bus:${subscription} subscription`,
    async () => {
      waiting = await peekWaiting({
        client: application.messaging.client,
        topic: application.settings.eventsTopicName,
        subscription,
      });
    },
    log,
  );
  const lags = waiting && projectionLags(application, waiting, Date.now());
  const lagChecks = (lags ?? []).map((lag) =>
    timed(
      `projection:${lag.projection}`,
      async () => {
        if (lag.oldestWaitingInMs > health.projectionLagLimitInMs) {
          throw new LimitPassed(
            `${lag.projection} lags: its oldest waiting message has waited ${seconds(lag.oldestWaitingInMs)} (limit ${seconds(health.projectionLagLimitInMs)}; ${lag.waiting} waiting)`,
          );
        }
      },
      log,
    ),
  );
  const checks = [await backlogCheck, peeked, ...(await Promise.all(lagChecks))];
  return {
    checks,
    ...(backlog && { publishBacklog: backlog }),
    ...(lags && { projections: lags }),
  };
}

function projectionLags(application: Application, waiting: WaitingMessage[], now: number): ProjectionLag[] {
  return application.projections.definitions.map((definition) => {
    const mine = waiting.filter(
      ({ aggregateType, eventType }) =>
        aggregateType !== undefined &&
        eventType !== undefined &&
        handlesEvent(definition, aggregateType, eventType),
    );
    const oldest = Math.min(now, ...mine.map(({ enqueuedAt }) => enqueuedAt.getTime()));
    const lag = {
      projection: definition.name,
      waiting: mine.length,
      oldestWaitingInMs: Math.max(0, now - oldest),
    };
    appMetrics().projectionWaitingInMs.record(lag.oldestWaitingInMs, { 'app.projection': definition.name });
    return lag;
  });
}
