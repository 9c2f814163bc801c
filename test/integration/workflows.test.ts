// The money-transfer workflow end to end through the emulators (issue 13), on the Table and Append Blob stores:
// the engine fed by the `workflows` subscription and the timers queue as the Functions host feeds it, commands
// through the real pipeline. A transfer completes, a refusal fails it, a refused deposit is compensated, a
// transfer above the threshold waits for its approval or expires on its durable timer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainRuleViolated } from '../../src/domain/decider.js';
import { createTestApplication, type StoreChoice } from '../support/application.js';
import { bank } from '../support/bank.js';
import { uniqueId } from '../support/envelopes.js';
import { workflowTopicSettings } from '../support/serviceBusTopics.js';
import { type RunningWorkflows, runWorkflows } from '../support/workflowRunner.js';

const APPROVAL_TIMEOUT_IN_MS = 4_000;

describe.each<StoreChoice>(['table', 'blob'])('money transfers on the %s store', (store) => {
  const application = createTestApplication({
    store,
    env: {
      ...workflowTopicSettings('workflows'),
      TransferApprovalTimeoutInMs: String(APPROVAL_TIMEOUT_IN_MS),
    },
  });
  const accounts = bank(application);
  let running: RunningWorkflows;
  beforeAll(() => {
    running = runWorkflows(application.workflows, 'workflows');
  });
  afterAll(async () => {
    await running.close();
    expect(running.failures).toEqual([]);
  });

  it('completes a transfer between two open accounts: the balances move by exactly the amount', async () => {
    const [from, to, id] = [uniqueId('from'), uniqueId('to'), uniqueId('t')];
    await accounts.open(from, 100);
    await accounts.open(to, 5);
    await accounts.request(id, from, to, 30.25);
    const [transfer] = await accounts.waitFor([id]);
    expect(transfer).toMatchObject({ status: 'completed', from, to, amount: 30.25 });
    expect(await accounts.balanceInCents(from)).toBe(6975);
    expect(await accounts.balanceInCents(to)).toBe(3525);
    // Each command went once through the pipeline, keyed, on behalf of the instance.
    const withdrawals = (await accounts.events('bank.account', from)).filter(
      ({ type }) => type === 'MoneyWithdrawn',
    );
    expect(withdrawals).toHaveLength(1);
    expect(withdrawals[0]?.metadata).toMatchObject({
      source: 'workflow.money-transfer',
      idempotencyKey: expect.any(String),
    });
    const view = await application.workflows.status('money-transfer', id);
    expect(view).toMatchObject({ status: 'completed', pendingOutputs: [], timers: [] });
    // The instance's stream is its audit trail: each input and output once, in order.
    const trail = await accounts.events('workflow.money-transfer', id);
    expect(trail.map(({ type }) => type)).toEqual([
      ...['InputRecorded', 'OutputRecorded'], // TransferRequested → withdraw
      ...['InputRecorded', 'OutputRecorded'], // withdrawn → deposit
      ...['InputRecorded', 'OutputRecorded'], // deposited → complete the transfer
      ...['InputRecorded', 'OutputRecorded'], // completed → complete the instance
    ]);
  });

  it('fails a transfer whose withdrawal is refused, with its reason, and moves no money', async () => {
    const [poor, missing, to] = [uniqueId('poor'), uniqueId('missing'), uniqueId('to')];
    await accounts.open(poor, 10);
    await accounts.open(to);
    const [short, unknown] = [uniqueId('t'), uniqueId('t')];
    await accounts.request(short, poor, to, 50);
    await accounts.request(unknown, missing, to, 5);
    const [first, second] = await accounts.waitFor([short, unknown]);
    expect(first).toMatchObject({ status: 'failed', reason: 'insufficient-funds' });
    expect(second).toMatchObject({ status: 'failed', reason: 'aggregate-not-found' });
    expect(await accounts.balanceInCents(poor)).toBe(1000);
    expect(await accounts.balanceInCents(to)).toBe(0);
  });

  it('puts the money back when the target refuses the deposit (closed or missing), then fails: target-refused', async () => {
    const [from, closed, missing] = [uniqueId('from'), uniqueId('closed'), uniqueId('missing')];
    await accounts.open(from, 100);
    await accounts.openClosed(closed);
    const [toClosed, toMissing] = [uniqueId('t'), uniqueId('t')];
    await accounts.request(toClosed, from, closed, 40);
    await accounts.request(toMissing, from, missing, 25);
    const states = await accounts.waitFor([toClosed, toMissing]);
    for (const state of states) expect(state).toMatchObject({ status: 'failed', reason: 'target-refused' });
    expect(await accounts.balanceInCents(from)).toBe(10000);
    const types = (await accounts.events('bank.account', from)).map(({ type }) => type);
    expect(types.filter((type) => type === 'MoneyWithdrawn')).toHaveLength(2);
    expect(types.filter((type) => type === 'MoneyDeposited')).toHaveLength(3); // the funding and two refunds
  });

  it('waits for the approval above 10,000, then completes', async () => {
    const [from, to, id] = [uniqueId('from'), uniqueId('to'), uniqueId('t')];
    await accounts.open(from, 50_000);
    await accounts.open(to);
    await accounts.request(id, from, to, 20_000);
    await accounts.waitFor([id], ['awaiting-approval']);
    await expect
      .poll(async () => (await application.workflows.status('money-transfer', id)).status)
      .toBe('waiting');
    const waiting = await application.workflows.status('money-transfer', id);
    expect(waiting.timers).toEqual([expect.objectContaining({ name: 'approval-timeout', armed: true })]);
    await accounts.approve(id);
    const [transfer] = await accounts.waitFor([id]);
    expect(transfer?.status).toBe('completed');
    expect(await accounts.balanceInCents(from)).toBe(3_000_000);
    expect(await accounts.balanceInCents(to)).toBe(2_000_000);
  });

  it('expires a transfer nobody approves in time, and refuses a later approval with transfer-expired', async () => {
    const [from, to, id] = [uniqueId('from'), uniqueId('to'), uniqueId('t')];
    await accounts.open(from, 50_000);
    await accounts.open(to);
    await accounts.request(id, from, to, 12_000);
    const [transfer] = await accounts.waitFor([id], ['expired'], APPROVAL_TIMEOUT_IN_MS + 10_000);
    expect(transfer).toMatchObject({ status: 'expired', reason: 'approval-timeout' });
    const refusal = await accounts.approve(id).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainRuleViolated);
    expect((refusal as DomainRuleViolated).reason).toBe('transfer-expired');
    expect(await accounts.balanceInCents(from)).toBe(5_000_000);
    await expect
      .poll(async () => (await application.workflows.status('money-transfer', id)).status)
      .toBe('completed');
  });
});
