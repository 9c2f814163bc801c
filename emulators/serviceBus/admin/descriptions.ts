// QueueDescription, TopicDescription and SubscriptionDescription: what the administration API reports of an
// entity (its settings, the fields the emulator keeps but does not act on, and runtime counts), and what a
// PUT asks for, checked: settings the emulator acts on become the definition; fields it only reports are
// kept as sent; features it does not have (forwarding, partitioning, a disabled status) are refused.
import type { AdminProperties } from '../definitions.js';
import type { QueueEntity, SubscriptionEntity, TopicEntity } from '../model/entities.js';
import { duplicateWindowOf } from '../model/entities.js';
import type { Fields } from './atom.js';
import { durationToMs, msToDuration, neverDuration } from './durations.js';

const countsNamespace = 'http://schemas.microsoft.com/netservices/2011/06/servicebus';

/** Reported as sent (or as Azure's defaults), not acted on. */
const kept: Record<string, string> = {
  MaxSizeInMegabytes: '1024',
  DefaultMessageTimeToLive: neverDuration,
  DeadLetteringOnMessageExpiration: 'false',
  DeadLetteringOnFilterEvaluationExceptions: 'true',
  EnableBatchedOperations: 'true',
  AutoDeleteOnIdle: neverDuration,
  SupportOrdering: 'true',
  EnableExpress: 'false',
  MaxMessageSizeInKilobytes: '256',
  UserMetadata: '',
};

/** Features the emulator does not have: only their "off" value is accepted. */
const refused: Record<string, string> = {
  ForwardTo: '',
  ForwardDeadLetteredMessagesTo: '',
  EnablePartitioning: 'false',
  Status: 'Active',
  EntityAvailabilityStatus: 'Available',
};

type Kind = 'queue' | 'topic' | 'subscription';
const keptBy: Record<Kind, string[]> = {
  queue: [
    'MaxSizeInMegabytes',
    'DefaultMessageTimeToLive',
    'DeadLetteringOnMessageExpiration',
    'EnableBatchedOperations',
    'AutoDeleteOnIdle',
    'EnableExpress',
    'MaxMessageSizeInKilobytes',
    'UserMetadata',
  ],
  topic: [
    'MaxSizeInMegabytes',
    'DefaultMessageTimeToLive',
    'EnableBatchedOperations',
    'AutoDeleteOnIdle',
    'SupportOrdering',
    'EnableExpress',
    'MaxMessageSizeInKilobytes',
    'UserMetadata',
  ],
  subscription: [
    'DefaultMessageTimeToLive',
    'DeadLetteringOnMessageExpiration',
    'DeadLetteringOnFilterEvaluationExceptions',
    'EnableBatchedOperations',
    'AutoDeleteOnIdle',
    'UserMetadata',
  ],
};

/** Settings the emulator acts on, as a PUT asks for them; `error` names the field at fault. */
export interface RequestedSettings {
  lockDurationInMs?: number;
  maxDeliveryCount?: number;
  requiresSession?: boolean;
  duplicateDetectionWindowInMs?: number;
  adminProperties: AdminProperties;
}

export function requestedSettings(kind: Kind, fields: Fields): RequestedSettings | { error: string } {
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : undefined);
  for (const [name, off] of Object.entries(refused)) {
    const value = text(name);
    if (value !== undefined && value !== off)
      return { error: `${name} '${value}' is not supported by the emulator` };
  }
  if (
    fields.AuthorizationRules &&
    typeof fields.AuthorizationRules === 'object' &&
    Object.keys(fields.AuthorizationRules).length > 0
  ) {
    return { error: 'AuthorizationRules are not supported by the emulator (SAS keys are not checked)' };
  }
  const settings: RequestedSettings = { adminProperties: {} };
  for (const name of keptBy[kind]) {
    const value = text(name);
    if (value !== undefined) settings.adminProperties[name] = value;
  }
  const lock = text('LockDuration');
  if (lock !== undefined && kind !== 'topic') {
    const ms = durationToMs(lock);
    if (!ms || ms <= 0) return { error: `LockDuration '${lock}' is not a positive duration` };
    settings.lockDurationInMs = ms;
  }
  const deliveries = text('MaxDeliveryCount');
  if (deliveries !== undefined && kind !== 'topic') {
    if (!/^\d+$/.test(deliveries) || Number(deliveries) < 1)
      return { error: `MaxDeliveryCount '${deliveries}' must be 1 or more` };
    settings.maxDeliveryCount = Number(deliveries);
  }
  const session = text('RequiresSession');
  if (session !== undefined && kind !== 'topic') settings.requiresSession = session === 'true';
  if (kind !== 'subscription') {
    const enabled = text('RequiresDuplicateDetection') === 'true';
    const window = text('DuplicateDetectionHistoryTimeWindow');
    const windowInMs = window === undefined ? 600_000 : durationToMs(window);
    if (windowInMs === undefined)
      return { error: `DuplicateDetectionHistoryTimeWindow '${window}' is not a duration` };
    settings.duplicateDetectionWindowInMs = enabled ? windowInMs : 0;
  }
  return settings;
}

const keptFields = (kind: Kind, properties: AdminProperties | undefined): Fields =>
  Object.fromEntries(
    keptBy[kind].map((name) => [name, properties?.[name] ?? kept[name]]).filter(([, value]) => value !== ''),
  );

const times = (entity: { createdAt: Date; updatedAt: Date }) => ({
  CreatedAt: entity.createdAt.toISOString(),
  UpdatedAt: entity.updatedAt.toISOString(),
  AccessedAt: entity.updatedAt.toISOString(),
});

const countDetails = (active: number, deadLetter: number, scheduled: number) => ({
  $: { 'xmlns:d2p1': countsNamespace },
  'd2p1:ActiveMessageCount': active,
  'd2p1:DeadLetterMessageCount': deadLetter,
  'd2p1:ScheduledMessageCount': scheduled,
  'd2p1:TransferMessageCount': 0,
  'd2p1:TransferDeadLetterMessageCount': 0,
});

export function queueDescription(queue: QueueEntity): Fields {
  const { active, deferred } = queue.queue.counts();
  const deadLetter = queue.queue.deadLetterQueue?.counts().active ?? 0;
  const window = duplicateWindowOf(queue.definition);
  return {
    LockDuration: msToDuration(queue.queue.settings.lockDurationInMs),
    RequiresDuplicateDetection: window > 0,
    RequiresSession: queue.queue.settings.requiresSession,
    DuplicateDetectionHistoryTimeWindow: msToDuration(window > 0 ? window : 600_000),
    MaxDeliveryCount: queue.queue.settings.maxDeliveryCount,
    SizeInBytes: 0,
    MessageCount: active + deferred + deadLetter + queue.scheduler.count,
    Status: 'Active',
    ...times(queue),
    CountDetails: countDetails(active + deferred, deadLetter, queue.scheduler.count),
    EnablePartitioning: false,
    EntityAvailabilityStatus: 'Available',
    ...keptFields('queue', queue.definition.adminProperties),
  };
}

export function topicDescription(topic: TopicEntity): Fields {
  const window = duplicateWindowOf(topic.definition);
  return {
    RequiresDuplicateDetection: window > 0,
    DuplicateDetectionHistoryTimeWindow: msToDuration(window > 0 ? window : 600_000),
    SizeInBytes: 0,
    Status: 'Active',
    ...times(topic),
    SubscriptionCount: topic.subscriptions.size,
    CountDetails: countDetails(0, 0, topic.scheduler.count),
    EnablePartitioning: false,
    EntityAvailabilityStatus: 'Available',
    ...keptFields('topic', topic.definition.adminProperties),
  };
}

export function subscriptionDescription(subscription: SubscriptionEntity): Fields {
  const { active, deferred } = subscription.queue.counts();
  const deadLetter = subscription.queue.deadLetterQueue?.counts().active ?? 0;
  return {
    LockDuration: msToDuration(subscription.queue.settings.lockDurationInMs),
    RequiresSession: subscription.queue.settings.requiresSession,
    MessageCount: active + deferred + deadLetter,
    MaxDeliveryCount: subscription.queue.settings.maxDeliveryCount,
    Status: 'Active',
    ...times(subscription),
    CountDetails: countDetails(active + deferred, deadLetter, 0),
    EntityAvailabilityStatus: 'Available',
    ...keptFields('subscription', subscription.definition.adminProperties),
  };
}
