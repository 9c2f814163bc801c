// The trace context an event's message carries: a republished event continues the command's trace, a replay
// does not; and a replayed message names its one subscription, which the subscription rule lets through.
import { describe, expect, it } from 'vitest';
import {
  REPLAY_TARGET_PROPERTY,
  subscriptionFilter,
  toServiceBusMessage,
} from '../../src/messaging/eventMessage.js';
import { makeEvents } from '../support/envelopes.js';

const COMMAND_TRACE = `00-${'a'.repeat(32)}-${'1'.repeat(16)}-01`;
const PUBLISH_SAME_TRACE = `00-${'a'.repeat(32)}-${'2'.repeat(16)}-01`;
const OTHER_TRACE = `00-${'b'.repeat(32)}-${'3'.repeat(16)}-01`;

const [event] = makeEvents({ aggregateType: 'bank.account', aggregateId: 'acc-1' }, 0, 1);
if (!event) throw new Error('no event');
const traced = { ...event, metadata: { ...event.metadata, traceparent: COMMAND_TRACE } };
const propertiesOf = (...args: Parameters<typeof toServiceBusMessage>) =>
  toServiceBusMessage(...args).applicationProperties ?? {};

describe('the trace context of an event message', () => {
  it('is the publishing span when it belongs to the command trace', () => {
    expect(propertiesOf(traced, { traceparent: PUBLISH_SAME_TRACE })).toMatchObject({
      traceparent: PUBLISH_SAME_TRACE,
      'Diagnostic-Id': PUBLISH_SAME_TRACE,
    });
  });

  it('is the stored command trace when the publisher (the sweeper) is in another trace', () => {
    expect(propertiesOf(traced, { traceparent: OTHER_TRACE })).toMatchObject({ traceparent: COMMAND_TRACE });
  });

  it("is the replay's own trace, never the stored command trace, for a replay", () => {
    const replayed = propertiesOf(traced, { replayTarget: 'projections', traceparent: OTHER_TRACE });
    expect(replayed).toMatchObject({ traceparent: OTHER_TRACE, [REPLAY_TARGET_PROPERTY]: 'projections' });
    const untraced = propertiesOf(traced, { replayTarget: 'projections' });
    expect(untraced).not.toHaveProperty('traceparent');
    expect(untraced).not.toHaveProperty('Diagnostic-Id');
  });

  it('leaves the replay target out of a live message, which every subscription rule takes', () => {
    expect(propertiesOf(traced)).not.toHaveProperty(REPLAY_TARGET_PROPERTY);
    expect(subscriptionFilter("o'brien")).toBe(
      `${REPLAY_TARGET_PROPERTY} IS NULL OR ${REPLAY_TARGET_PROPERTY} = 'o''brien'`,
    );
  });
});
