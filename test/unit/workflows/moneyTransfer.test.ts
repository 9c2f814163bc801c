// The money-transfer workflow, step by step (issue 13): given the inputs a transfer's instance has taken, when
// the next one, then the commands and timers it decides. Pure: no engine, no store, no bus.
import { describe, expect, it } from 'vitest';
import { moneyTransfer } from '../../../src/workflows/definitions/moneyTransfer/index.js';
import type { WorkflowOutput } from '../../../src/workflows/workflow.js';
import { AT, accepted, event, fired, refused, workflowSpec } from '../support/workflow.js';

const TIMEOUT = 60_000;
const given = workflowSpec(moneyTransfer({ approvalTimeoutInMs: TIMEOUT }));

const requested = (amount = 30, needsApproval = false) =>
  event('bank.transfer', 't1', 1, 'TransferRequested', { from: 'a1', to: 'a2', amount, needsApproval });
const approved = () => event('bank.transfer', 't1', 2, 'TransferApproved');

const send = (
  aggregateType: string,
  aggregateId: string,
  commandName: string,
  payload: unknown = {},
): WorkflowOutput => ({
  kind: 'send',
  target: { aggregateType, aggregateId },
  commandName,
  payload,
});
const withdraw = (amount = 30) => send('bank.account', 'a1', 'withdraw', { amount });
const deposit = (account: string, amount = 30) => send('bank.account', account, 'deposit', { amount });
const toTransfer = (commandName: string, payload: unknown = {}) =>
  send('bank.transfer', 't1', commandName, payload);

describe('money-transfer: the happy path', () => {
  it('withdraws from `from` when a transfer is requested', () => {
    given().when(requested()).then([withdraw()]);
  });

  it('deposits into `to` once the withdrawal is accepted', () => {
    given(requested())
      .when(accepted('withdraw'))
      .then([deposit('a2')]);
  });

  it('completes the transfer once the deposit is accepted, then the instance', () => {
    given(requested(), accepted('withdraw'))
      .when(accepted('deposit'))
      .then([toTransfer('complete')]);
    given(requested(), accepted('withdraw'), accepted('deposit'))
      .when(accepted('complete'))
      .then([{ kind: 'complete' }]);
  });

  it('is done once complete: nothing more is decided', () => {
    const done = [requested(), accepted('withdraw'), accepted('deposit'), accepted('complete')] as const;
    given(...done)
      .when(approved())
      .then([]);
    expect(
      given(...done)
        .when(approved())
        .instance().completed,
    ).toBe(true);
  });
});

describe('money-transfer: refusals and compensation', () => {
  it.each(['insufficient-funds', 'account-closed'])(
    'fails the transfer with the refusal reason %s',
    (reason) => {
      given(requested())
        .when(refused('withdraw', reason))
        .then([toTransfer('fail', { reason })]);
    },
  );

  it('fails with aggregate-not-found when the source account does not exist', () => {
    given(requested())
      .when(refused('withdraw', undefined, undefined, 'aggregate-not-found'))
      .then([toTransfer('fail', { reason: 'aggregate-not-found' })]);
  });

  it('puts the money back into `from` when the deposit is refused, then fails with target-refused', () => {
    const afterWithdrawal = [requested(), accepted('withdraw')] as const;
    given(...afterWithdrawal)
      .when(refused('deposit', 'account-closed'))
      .then([deposit('a1')]);
    given(...afterWithdrawal, refused('deposit', 'account-closed'))
      .when(accepted('deposit', 'a1'))
      .then([toTransfer('fail', { reason: 'target-refused' })]);
    given(...afterWithdrawal, refused('deposit', undefined, undefined, 'aggregate-not-found'))
      .when(accepted('deposit', 'a1'))
      .thenState({ phase: 'failing', reason: 'target-refused' });
  });

  it('says so when even the compensation is refused', () => {
    given(requested(), accepted('withdraw'), refused('deposit', 'account-closed'))
      .when(refused('deposit', 'account-closed', 'a1'))
      .then([toTransfer('fail', { reason: 'compensation-refused' })]);
  });

  it('completes the instance once the transfer is failed', () => {
    given(requested(), refused('withdraw', 'insufficient-funds'))
      .when(accepted('fail'))
      .then([{ kind: 'complete' }]);
  });
});

describe('money-transfer: approval and expiry', () => {
  const dueAt = new Date(Date.parse(AT) + TIMEOUT).toISOString();

  it('waits for an approval above the threshold, with a timer due after the timeout', () => {
    given()
      .when(requested(20_000, true))
      .then([{ kind: 'schedule', name: 'approval-timeout', dueAt }]);
  });

  it('cancels the timer and withdraws once approved', () => {
    given(requested(20_000, true))
      .when(approved())
      .then([{ kind: 'cancel', name: 'approval-timeout' }, withdraw(20_000)]);
  });

  it('expires the transfer when the timer fires first, and completes once it is expired', () => {
    given(requested(20_000, true))
      .when(fired('approval-timeout'))
      .then([toTransfer('expire')]);
    given(requested(20_000, true), fired('approval-timeout'))
      .when(accepted('expire'))
      .then([{ kind: 'complete' }]);
  });

  it('ignores a timer that was cancelled (it fires anyway) and a timer fired twice', () => {
    const cancelled = [requested(20_000, true)] as const;
    const timerId = given(...cancelled)
      .when(approved())
      .instance();
    expect(timerId.timers).toEqual({});
    given(...cancelled, approved())
      .when(fired('approval-timeout', 'o1'))
      .then([]);
    given(...cancelled, fired('approval-timeout'))
      .when(fired('approval-timeout', 'o1'))
      .then([]);
  });

  it('goes on with the approval when the expiry lost the race to it', () => {
    const expiring = [requested(20_000, true), fired('approval-timeout')] as const;
    // The approval's event is already here: the refused expiry lets the withdrawal go.
    given(...expiring, approved())
      .when(refused('expire', 'not-awaiting-approval'))
      .then([withdraw(20_000)]);
    // It arrives after the refusal: the withdrawal goes when it does.
    given(...expiring, refused('expire', 'not-awaiting-approval'))
      .when(approved())
      .then([{ kind: 'cancel', name: 'approval-timeout' }, withdraw(20_000)]);
  });
});

describe('money-transfer: redeliveries', () => {
  it('decides nothing for an event already taken', () => {
    const request = requested();
    given(request).when(request).then([]);
  });

  it('takes no instance but its own transfer', () => {
    const definition = moneyTransfer({ approvalTimeoutInMs: TIMEOUT });
    expect(definition.instanceOf(requested().event)).toBe('t1');
    expect(definition.instanceOf(event('bank.account', 'a1', 1, 'MoneyWithdrawn').event)).toBeUndefined();
  });
});
