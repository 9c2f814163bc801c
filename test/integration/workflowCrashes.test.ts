// Crash injection for the workflow engine (issue 13), on the Table and Append Blob stores. A first engine dies
// (an injected fault that escapes its handler, as a killed process would stop) at one of three points: after
// recording the input and its outputs, after a command was carried out but before its result was recorded, or
// after a timer was scheduled but before that was recorded. Its messages go back to the bus. A second
// application (a restarted host: fresh caches, same stores) takes the redeliveries. Every transfer still ends
// exactly once, with the balances its status implies, and no command was applied twice.
import { ServiceBusClient } from '@azure/service-bus';
import { describe, expect, it } from 'vitest';
import type { CommandRequest } from '../../src/commands/commandHandler.js';
import { createWorkflows } from '../../src/workflows/index.js';
import { ServiceBusTimers, type WorkflowTimers } from '../../src/workflows/timers.js';
import { createTestApplication, type StoreChoice } from '../support/application.js';
import { bank } from '../support/bank.js';
import { emulators } from '../support/emulators.js';
import { uniqueId } from '../support/envelopes.js';
import { topicName, workflowTopicSettings } from '../support/serviceBusTopics.js';
import { runWorkflows } from '../support/workflowRunner.js';

type CrashPoint = 'after-input' | 'after-withdraw' | 'after-deposit' | 'after-timer';

class Crash extends Error {
  override readonly name = 'Crash';
}

const APPROVAL_TIMEOUT_IN_MS = 3_000;
const options = (store: StoreChoice) => ({
  store,
  env: {
    ...workflowTopicSettings('workflow-faults'),
    TransferApprovalTimeoutInMs: String(APPROVAL_TIMEOUT_IN_MS),
  },
});

describe.each<StoreChoice>(['table', 'blob'])(
  'a workflow engine killed mid-transfer on the %s store',
  (store) => {
    const first = createTestApplication(options(store));
    const restarted = createTestApplication(options(store));
    const accounts = bank(first);

    /** The engine of the first host, dying at each transfer's crash point. */
    function crashingEngine(crashAt: Map<string, CrashPoint>) {
      const instanceOf = (request: CommandRequest) => request.causationId.split('/')[1] ?? '';
      const commands = {
        handle: async (request: CommandRequest) => {
          const point = crashAt.get(instanceOf(request));
          if (point === 'after-input') throw new Crash('killed before carrying out the first command');
          const outcome = await first.commands.handle(request);
          if (point === `after-${request.commandName}`)
            throw new Crash(`killed after ${request.commandName}`);
          return outcome;
        },
      };
      const realTimers = new ServiceBusTimers(
        first.messaging.client,
        first.settings.workflows.timersQueueName,
      );
      const timers: WorkflowTimers = {
        schedule: async (timer) => {
          const sequenceNumber = await realTimers.schedule(timer);
          if (crashAt.get(timer.instanceId) === 'after-timer')
            throw new Crash('killed after scheduling a timer');
          return sequenceNumber;
        },
        cancel: (sequenceNumber) => realTimers.cancel(sequenceNumber),
        close: async () => {},
      };
      return createWorkflows({
        definitions: first.workflows.definitions,
        catalogue: first.registry,
        stores: first.stores,
        commands,
        publication: first.messaging.publication,
        timers,
        commandAttempts: 3,
      });
    }

    it('finishes every transfer exactly once after a restart, applying no command twice', async () => {
      const plan: {
        id: string;
        from: string;
        to: string;
        amount: number;
        crash: CrashPoint;
        approve?: boolean;
      }[] = [];
      for (const crash of ['after-input', 'after-withdraw', 'after-deposit'] as const) {
        for (let i = 0; i < 3; i++)
          plan.push({ id: uniqueId('t'), from: uniqueId('a'), to: uniqueId('b'), amount: 25, crash });
      }
      for (const approve of [true, true, false, false])
        plan.push({
          id: uniqueId('t'),
          from: uniqueId('a'),
          to: uniqueId('b'),
          amount: 15_000,
          crash: 'after-timer',
          approve,
        });
      const crashAt = new Map(plan.map(({ id, crash }) => [id, crash]));

      for (const { id, from, to, amount } of plan) {
        await accounts.open(from, 20_000);
        await accounts.open(to);
        await accounts.request(id, from, to, amount);
      }
      // The first host takes every request and dies at its crash point; each message goes back to the bus.
      const crashing = crashingEngine(crashAt);
      const client = new ServiceBusClient(emulators().settings.ServiceBusConnection as string);
      const receiver = client.createReceiver(topicName('workflow-faults'), 'workflows');
      const crashed = new Set<string>();
      while (crashed.size < plan.length) {
        for (const message of await receiver.receiveMessages(20, { maxWaitTimeInMs: 2_000 })) {
          const error = await crashing.handleEvent(message.body).then(
            () => undefined,
            (thrown: unknown) => thrown,
          );
          expect(error).toBeInstanceOf(Crash);
          crashed.add(String(message.applicationProperties?.aggregateId));
          await receiver.abandonMessage(message);
        }
      }
      await receiver.close();
      await client.close();
      for (const { id, approve } of plan) if (approve) await accounts.approve(id);

      // The restarted host takes the redeliveries (and the approvals, and the timers when due).
      const running = runWorkflows(restarted.workflows, 'workflow-faults');
      try {
        const states = await accounts.waitFor(
          plan.map(({ id }) => id),
          undefined,
          APPROVAL_TIMEOUT_IN_MS + 20_000,
        );
        expect(running.failures).toEqual([]);
        for (const [index, { id, from, to, amount, crash, approve }] of plan.entries()) {
          const expected = crash === 'after-timer' && !approve ? 'expired' : 'completed';
          expect(states[index], `${id} (${crash})`).toMatchObject({ status: expected });
          const moved = expected === 'completed' ? amount * 100 : 0;
          expect(await accounts.balanceInCents(from)).toBe(2_000_000 - moved);
          expect(await accounts.balanceInCents(to)).toBe(moved);
          // One withdrawal and at most one deposit: the commands carried out again were replayed, not re-applied.
          const count = async (account: string, type: string) =>
            (await accounts.events('bank.account', account)).filter((event) => event.type === type).length;
          expect(await count(from, 'MoneyWithdrawn')).toBe(expected === 'completed' ? 1 : 0);
          expect(await count(to, 'MoneyDeposited')).toBe(expected === 'completed' ? 1 : 0);
          // The transfer ended once.
          const ends = (await accounts.events('bank.transfer', id)).filter(({ type }) =>
            ['TransferCompleted', 'TransferFailed', 'TransferExpired'].includes(type),
          );
          expect(ends).toHaveLength(1);
          // Each input was recorded once, however often it was delivered or produced.
          const keys = (await accounts.events('workflow.money-transfer', id))
            .filter(({ type }) => type === 'InputRecorded')
            .map(({ data }) => (data as { key: string }).key);
          expect(new Set(keys).size).toBe(keys.length);
        }
      } finally {
        await running.close();
      }
    });
  },
);
