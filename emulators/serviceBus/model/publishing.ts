// Sending to a queue or topic: duplicate detection, session checks, scheduling (a message whose
// `x-opt-scheduled-enqueue-time` lies ahead waits in the entity's scheduler), and a topic's fan-out to each
// subscription whose rules accept the message, all under the sequence number the entity hands out.
import type { Message } from 'rhea';
import { messageIdKey, withMessageId } from '../codec.js';
import type { BrokerError } from '../errors.js';
import * as errors from '../errors.js';
import type { PublishingEntity, SubscriptionEntity, TopicEntity } from './entities.js';
import { sessionIdOf } from './entry.js';
import { type ScheduledMessage, scheduledEnqueueTimeOf } from './scheduler.js';

/** Sends messages; every message is checked before any is stored, so a batch is taken whole or not at all. */
export function publish(entity: PublishingEntity, sent: Message[]): BrokerError | undefined {
  const messages = sent.map(withMessageId);
  const refused = checkSessions(entity, messages);
  if (refused) return refused;
  const now = Date.now();
  for (const message of messages) {
    const enqueueAt = scheduledEnqueueTimeOf(message);
    if (enqueueAt && enqueueAt.getTime() > now) {
      scheduleOne(entity, message, enqueueAt);
      continue;
    }
    const { duplicateOf, sequenceNumber } = admit(entity, message);
    if (duplicateOf === undefined) enqueueNow(entity, message, sequenceNumber);
  }
  return undefined;
}

/** `com.microsoft:schedule-message`: the sequence numbers to cancel them by (a duplicate's is the first's). */
export function schedule(
  entity: PublishingEntity,
  sent: Message[],
  fallbackTime: Date,
): number[] | BrokerError {
  const messages = sent.map(withMessageId);
  const refused = checkSessions(entity, messages);
  if (refused) return refused;
  return messages.map((message) =>
    scheduleOne(entity, message, scheduledEnqueueTimeOf(message) ?? fallbackTime),
  );
}

/** A due scheduled message of a topic reaches the subscriptions whose rules accept it now. */
export function releaseScheduled(topic: TopicEntity, scheduled: ScheduledMessage): void {
  enqueueNow(topic, scheduled.message, scheduled.sequenceNumber);
}

function scheduleOne(entity: PublishingEntity, message: Message, enqueueAt: Date): number {
  const { duplicateOf, sequenceNumber } = admit(entity, message);
  if (duplicateOf === undefined) entity.scheduler.schedule(message, sequenceNumber, enqueueAt);
  return sequenceNumber;
}

const admit = (entity: PublishingEntity, message: Message) =>
  entity.duplicates.check(messageIdKey(message.message_id), () => entity.sequence.next());

function enqueueNow(entity: PublishingEntity, message: Message, sequenceNumber: number): void {
  if (entity.kind === 'queue') {
    entity.queue.enqueue(message, { sequenceNumber });
    return;
  }
  for (const subscription of entity.subscriptions.values()) {
    for (const copy of subscription.rules.route(message))
      subscription.queue.enqueue(copy, { sequenceNumber });
  }
}

/** A session-enabled queue, or a session-enabled subscription that would take it, needs a session id. */
function checkSessions(entity: PublishingEntity, messages: Message[]): BrokerError | undefined {
  const withoutSession = messages.filter((message) => sessionIdOf(message) === undefined);
  if (withoutSession.length === 0) return undefined;
  if (entity.kind === 'queue') {
    return entity.queue.settings.requiresSession ? errors.sessionIdMissing(entity.name) : undefined;
  }
  const takers = [...entity.subscriptions.values()].filter(({ queue }) => queue.settings.requiresSession);
  const refusing = takers.find((subscription: SubscriptionEntity) =>
    withoutSession.some((message) => subscription.rules.route(message).length > 0),
  );
  return refusing ? errors.sessionIdMissing(refusing.queue.settings.path) : undefined;
}
