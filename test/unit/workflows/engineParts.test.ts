// The workflow engine's pure parts: the subscription filter derived from the definitions, what an instance's
// stream folds into (timers armed, cancelled and fired; stuck and resumed), the status an operator sees, and
// which command failures are results (refusals) and which are worth another try.
import { describe, expect, it } from 'vitest';
import { AggregateNotFound, DomainRuleViolated } from '../../../src/domain/decider.js';
import { ConcurrencyError, StoreUnavailableError, ValidationFailedError } from '../../../src/errors.js';
import { moneyTransfer } from '../../../src/workflows/definitions/moneyTransfer/index.js';
import { refusalOf } from '../../../src/workflows/dispatch.js';
import { emptyInstance, evolveInstance, type InstanceEvent } from '../../../src/workflows/instance.js';
import { statusOf } from '../../../src/workflows/status.js';
import { subscriptionFilter } from '../../../src/workflows/subscription.js';
import { isTransientWorkflowFailure } from '../../../src/workflows/transient.js';

const definition = moneyTransfer({ approvalTimeoutInMs: 1_000 });
const fold = (...events: InstanceEvent[]) =>
  events.reduce((instance, event) => evolveInstance(definition, instance, event), emptyInstance(definition));
const scheduled = (outputId: string): InstanceEvent => ({
  type: 'OutputRecorded',
  data: {
    outputId,
    output: { kind: 'schedule', name: 'approval-timeout', dueAt: '2026-01-01T00:00:00.000Z' },
    root: 'r',
  },
});

describe('the subscription filter', () => {
  it('takes exactly the event types some workflow reacts to, per aggregate type, in a stable order', () => {
    expect(subscriptionFilter([definition])).toBe(
      "(aggregateType = 'bank.transfer' AND eventType IN ('TransferApproved', 'TransferRequested'))",
    );
    expect(
      subscriptionFilter([
        { reactsTo: { 'shop.order': ['OrderPlaced'], 'bank.transfer': ['TransferRequested'] } },
        { reactsTo: { 'shop.order': ['OrderPlaced', "Odd'Name"] } },
      ]),
    ).toBe(
      "(aggregateType = 'bank.transfer' AND eventType IN ('TransferRequested')) OR " +
        "(aggregateType = 'shop.order' AND eventType IN ('Odd''Name', 'OrderPlaced'))",
    );
    expect(subscriptionFilter([])).toBe('1=0');
  });
});

describe('an instance folded from its stream', () => {
  it('is running while a timer waits to be armed, waiting once it is, and forgets it when cancelled', () => {
    const recorded = fold(scheduled('o1'));
    expect(statusOf(recorded)).toBe('running');
    const armed = fold(scheduled('o1'), {
      type: 'TimerArmed',
      data: { outputId: 'o1', sequenceNumber: '7' },
    });
    expect(armed.timers['approval-timeout']).toMatchObject({ timerId: 'o1', sequenceNumber: '7' });
    expect(statusOf(armed)).toBe('waiting');
    const cancelled = evolveInstance(definition, armed, {
      type: 'OutputRecorded',
      data: { outputId: 'o2', output: { kind: 'cancel', name: 'approval-timeout' }, root: 'r' },
    });
    expect(cancelled.timers).toEqual({});
    expect(cancelled.outputs).toBe(2);
  });

  it('replaces a timer scheduled again under the same name: the first one firing is no longer live', () => {
    const twice = fold(scheduled('o1'), scheduled('o2'));
    expect(twice.timers['approval-timeout']?.timerId).toBe('o2');
  });

  it('is stuck until resumed, and completed once complete', () => {
    const stuck = fold({ type: 'Stuck', data: { outputId: 'o1', error: 'store down' } });
    expect(statusOf(stuck)).toBe('stuck');
    expect(statusOf(evolveInstance(definition, stuck, { type: 'Resumed', data: {} }))).toBe('waiting');
    const done = fold({
      type: 'OutputRecorded',
      data: { outputId: 'o1', output: { kind: 'complete' }, root: 'r' },
    });
    expect(statusOf(done)).toBe('completed');
  });
});

describe('command failures', () => {
  it('are results when the command was refused: a domain rule, a missing aggregate, a rejected payload', () => {
    expect(refusalOf(new DomainRuleViolated('insufficient-funds', 'no'))).toEqual({
      accepted: false,
      code: 'domain-rule-violated',
      reason: 'insufficient-funds',
    });
    expect(refusalOf(new AggregateNotFound('none'))).toEqual({
      accepted: false,
      code: 'aggregate-not-found',
    });
    expect(refusalOf(new ValidationFailedError('bad', []))).toEqual({
      accepted: false,
      code: 'validation-failed',
    });
  });

  it('are worth another try when a store is down or the race was lost too often; anything else is neither', () => {
    for (const error of [new StoreUnavailableError('down'), new ConcurrencyError('busy', 3)]) {
      expect(refusalOf(error)).toBeUndefined();
      expect(isTransientWorkflowFailure(error)).toBe(true);
    }
    const bug = new TypeError('x is undefined');
    expect(refusalOf(bug)).toBeUndefined();
    expect(isTransientWorkflowFailure(bug)).toBe(false);
  });
});
