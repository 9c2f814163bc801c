// Health that tells the truth: with the projection runner stopped while events arrive, GET /api/health turns 503
// naming the projections that fall behind; once a runner has caught up, it is 200 again.
import { ServiceBusClient, type ServiceBusReceiver } from '@azure/service-bus';
import { afterAll, describe, expect, it } from 'vitest';
import { getHealth } from '../../functions/health.js';
import { createTestApplication, useApplication } from '../support/application.js';
import { callFunction } from '../support/callFunction.js';
import { emulators } from '../support/emulators.js';
import { uniqueId } from '../support/envelopes.js';
import { sendCommand } from '../support/functions.js';
import { topicName } from '../support/serviceBusTopics.js';

const application = useApplication(
  createTestApplication({
    store: 'table',
    intentsTable: 'itesthealthintents',
    env: { EventsTopicName: topicName('health'), HealthProjectionLagLimitInMs: '1000' },
  }),
);
const client = new ServiceBusClient(emulators().settings.ServiceBusConnection as string);
afterAll(() => client.close());

const health = () => callFunction(getHealth, { url: 'http://localhost:7071/api/health' });

interface Check {
  name: string;
  status: string;
  error?: string;
}

describe('health and a stalled projection runner', () => {
  it('answers 503 naming the projection while its runner is stopped, and 200 once it has caught up', async () => {
    // Nothing consumes the topic's projections subscription: the runner is stopped.
    const id = uniqueId('acc');
    expect((await sendCommand('bank.account', id, 'open', { owner: 'Ada' })).status).toBe(200);
    expect((await sendCommand('bank.account', id, 'deposit', { amount: 5 })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const stalled = await health();
    expect(stalled.status).toBe(503);
    const failed = (stalled.json.checks as Check[]).filter((check) => check.status === 'unhealthy');
    expect(failed.map((check) => check.name)).toContain('projection:account-balance');
    expect(failed.map((check) => check.name).every((name) => name.startsWith('projection:'))).toBe(true);
    expect(failed.find((check) => check.name === 'projection:account-balance')?.error).toMatch(
      /^account-balance lags: its oldest waiting message has waited \d+ s \(limit 1 s; \d+ waiting\)$/,
    );
    const lags = stalled.json.projections as { projection: string; waiting: number }[];
    expect(lags.find((lag) => lag.projection === 'account-balance')?.waiting).toBeGreaterThanOrEqual(2);

    // The runner starts again and drains the subscription.
    const receiver: ServiceBusReceiver = client.createReceiver(topicName('health'), 'projections');
    receiver.subscribe(
      {
        processMessage: async (message) => {
          await application.projections.handleMessage(message.body);
        },
        processError: async () => {},
      },
      { autoCompleteMessages: true },
    );
    try {
      let answer = await health();
      for (const started = Date.now(); answer.status !== 200 && Date.now() - started < 20_000; ) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        answer = await health();
      }
      expect(answer.status, JSON.stringify(answer.json.checks)).toBe(200);
      expect((answer.json.checks as Check[]).map((check) => check.name)).toEqual(
        expect.arrayContaining(['publish backlog', 'projection:account-balance']),
      );
      expect(answer.json.publishBacklog).toMatchObject({ intents: 0, oldestAgeInMs: 0 });
    } finally {
      await receiver.close();
    }
  });
});
