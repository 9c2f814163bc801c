// How the workflow engine takes what the bus delivers (issue 13): duplicates and out-of-order deliveries of the
// same events change nothing; a command failing for a transient reason is retried, then the instance is marked
// stuck (never dropped) until an operator's retry resumes it; the operator routes answer problem+json on bad
// input. The engine's handlers are called directly here, with the messages the bus would carry.
import { describe, expect, it } from 'vitest';
import { getWorkflowInstance, retryWorkflowInstance } from '../../functions/workflows.js';
import type { CommandRequest } from '../../src/commands/commandHandler.js';
import { StoreUnavailableError } from '../../src/errors.js';
import { createWorkflows } from '../../src/workflows/index.js';
import { createTestApplication, useApplication } from '../support/application.js';
import { bank } from '../support/bank.js';
import { callFunction } from '../support/callFunction.js';
import { uniqueId } from '../support/envelopes.js';
import { workflowTopicSettings } from '../support/serviceBusTopics.js';

const application = useApplication(
  createTestApplication({ store: 'table', env: workflowTopicSettings('workflow-order') }),
);
const accounts = bank(application);

async function transferEvents(id: string) {
  return accounts.events('bank.transfer', id);
}

/** An approved transfer of 20,000 (request, approve): its two events, as the bus would carry them. */
async function approvedTransfer() {
  const [from, to, id] = [uniqueId('from'), uniqueId('to'), uniqueId('t')];
  await accounts.open(from, 50_000);
  await accounts.open(to);
  await accounts.request(id, from, to, 20_000);
  await accounts.approve(id);
  const [requested, approved] = await transferEvents(id);
  if (!requested || !approved) throw new Error('the transfer has no two events');
  return { from, to, id, requested, approved };
}

describe('deliveries', () => {
  it('takes an approval delivered before its request in stream order, and ignores every copy', async () => {
    const inOrder = await approvedTransfer();
    const reversed = await approvedTransfer();
    const handle = (body: unknown) => application.workflows.handleEvent(body);
    for (const body of [inOrder.requested, inOrder.approved, inOrder.requested, inOrder.approved])
      await handle(body);
    const outcomes = [];
    for (const body of [reversed.approved, reversed.requested, reversed.approved, reversed.requested])
      outcomes.push(...(await handle(body)).map(({ outcome }) => outcome));
    expect(outcomes).toEqual(['recorded', 'already-taken', 'already-taken', 'already-taken']);

    for (const { from, to, id } of [inOrder, reversed]) {
      expect(await accounts.transfer(id)).toMatchObject({ status: 'completed' });
      expect(await accounts.balanceInCents(from)).toBe(3_000_000);
      expect(await accounts.balanceInCents(to)).toBe(2_000_000);
    }
    // Both instances took the request, then the approval, once each, and decided the same.
    const inputs = async (id: string) =>
      (await accounts.events('workflow.money-transfer', id))
        .filter(({ type }) => type === 'InputRecorded')
        .map(({ data }) => {
          const { input } = data as { input: { kind: string; event?: { type: string } } };
          return input.event?.type ?? input.kind;
        });
    expect(await inputs(inOrder.id)).toEqual([
      'TransferRequested',
      'TransferApproved',
      'command-result',
      'command-result',
      'command-result',
    ]);
    expect(await inputs(reversed.id)).toEqual(await inputs(inOrder.id));
    const outputs = async (id: string) => (await application.workflows.status('money-transfer', id)).state;
    expect(await outputs(reversed.id)).toEqual({
      ...((await outputs(inOrder.id)) as object),
      transferId: reversed.id,
      from: reversed.from,
      to: reversed.to,
    });
  });
});

describe('transient failures', () => {
  it('retries a failing command, marks the instance stuck after the attempts, and resumes it on retry', async () => {
    let failing = true;
    let depositAttempts = 0;
    const flaky = {
      handle: async (request: CommandRequest) => {
        if (request.commandName === 'deposit' && failing) {
          depositAttempts++;
          throw new StoreUnavailableError('The table store did not answer in time.');
        }
        return application.commands.handle(request);
      },
    };
    const workflows = createWorkflows({
      definitions: application.workflows.definitions,
      catalogue: application.registry,
      stores: application.stores,
      commands: flaky,
      publication: application.messaging.publication,
      timers: {
        client: application.messaging.client,
        queueName: application.settings.workflows.timersQueueName,
      },
      commandAttempts: 3,
      firstRetryDelayInMs: 5,
      log: () => {},
    });
    const [from, to, id] = [uniqueId('from'), uniqueId('to'), uniqueId('t')];
    await accounts.open(from, 100);
    await accounts.open(to);
    await accounts.request(id, from, to, 60);
    const [requested] = await transferEvents(id);
    expect(await workflows.handleEvent(requested)).toEqual([
      { workflow: 'money-transfer', instanceId: id, outcome: 'stuck' },
    ]);
    expect(depositAttempts).toBe(3);
    const stuck = await workflows.status('money-transfer', id);
    expect(stuck).toMatchObject({
      status: 'stuck',
      stuck: { outputId: 'o2', error: expect.stringContaining('did not answer in time') },
      pendingOutputs: [
        {
          outputId: 'o2',
          kind: 'send',
          detail: { aggregateId: to, commandName: 'deposit', payload: { amount: 60 } },
        },
      ],
    });
    // A redelivery of the event does not hammer the stuck command again.
    await workflows.handleEvent(requested);
    expect(depositAttempts).toBe(3);

    failing = false;
    const resumed = await workflows.retry('money-transfer', id);
    expect(resumed).toMatchObject({ status: 'completed', pendingOutputs: [] });
    expect(resumed).not.toHaveProperty('stuck');
    expect(await accounts.transfer(id)).toMatchObject({ status: 'completed' });
    expect(await accounts.balanceInCents(from)).toBe(4000);
    expect(await accounts.balanceInCents(to)).toBe(6000);
    await workflows.close();
  });
});

describe('operator routes', () => {
  it('shows an instance, and refuses unknown workflows, unknown instances and invalid ids with problem+json', async () => {
    const [from, to, id] = [uniqueId('from'), uniqueId('to'), uniqueId('t')];
    await accounts.open(from, 100);
    await accounts.open(to);
    await accounts.request(id, from, to, 10);
    const [requested] = await transferEvents(id);
    await application.workflows.handleEvent(requested);

    const shown = await callFunction(getWorkflowInstance, {
      params: { workflow: 'money-transfer', instanceId: id },
    });
    expect(shown.status).toBe(200);
    expect(shown.json).toMatchObject({
      workflow: 'money-transfer',
      instanceId: id,
      status: 'completed',
      version: 8,
    });
    expect(shown.headers.get('etag')).toBe('"8"');

    const cases = [
      [{ workflow: 'refund', instanceId: id }, 404, 'unknown-workflow'],
      [{ workflow: 'money-transfer', instanceId: uniqueId('none') }, 404, 'workflow-instance-not-found'],
      [{ workflow: 'money-transfer', instanceId: '../etc' }, 400, 'invalid-identifier'],
    ] as const;
    for (const handler of [getWorkflowInstance, retryWorkflowInstance]) {
      for (const [params, status, code] of cases) {
        const response = await callFunction(handler, { method: 'POST', params });
        expect(response.status).toBe(status);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
        expect(response.json.code).toBe(code);
      }
    }
    const retried = await callFunction(retryWorkflowInstance, {
      method: 'POST',
      params: { workflow: 'money-transfer', instanceId: id },
    });
    expect(retried.json).toMatchObject({ status: 'completed', version: 8 });
  });
});
