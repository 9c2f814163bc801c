// Issue 14, item 3 over the admin route: POST /api/replays/{subscription} starts a replay as steps on the
// rebuild queue (here its own queue on the Service Bus emulator, worked by this test through the official SDK),
// GET shows its checkpoint. A new `audit` subscription gets every stored event exactly once (by messageId) in
// per-stream order, and `projections`/`downstream` nothing, although a step is delivered twice, the same replay
// is asked for again and a superseded replay's first step is still queued (it does nothing). Refused bodies store nothing.
import type { ServiceBusReceivedMessage } from '@azure/service-bus';
import { describe, expect, it } from 'vitest';
import { getReplay, replays, startReplay } from '../../functions/replays.js';
import { REPLAYS_COLLECTION } from '../../src/messaging/replay.js';
import { callFunction } from '../support/callFunction.js';
import { REPLAYED_TYPES, replayTest } from '../support/replayHistory.js';
import { topicName } from '../support/serviceBusTopics.js';

const topic = topicName('replay-route');
const queue = 'replays-route';
const { application, bus, historyAndLateSubscriber, expectReplayedTo } = replayTest(topic, {
  serviceBusRebuilds: true,
  replayPageSize: 2,
  env: { RebuildQueueName: queue },
});

function post(subscription: string, body?: string, contentType = 'application/json') {
  return callFunction(startReplay, {
    method: 'POST',
    url: `http://localhost:7071/api/replays/${subscription}`,
    params: { subscription },
    headers: body === undefined ? {} : { 'content-type': contentType },
    body,
  });
}

function get(subscription: string) {
  return callFunction(getReplay, {
    url: `http://localhost:7071/api/replays/${subscription}`,
    params: { subscription },
  });
}

/** Works the queued steps until the queue stays quiet; the first `redeliver` picks is abandoned once, so it comes again. */
async function workSteps(redeliver: (message: ServiceBusReceivedMessage) => boolean) {
  const receiver = bus.createReceiver(queue);
  const worked: ServiceBusReceivedMessage[] = [];
  let abandoned = false;
  try {
    for (;;) {
      const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
      if (!message) return worked;
      await application.handleQueuedWork(message.body);
      worked.push(message);
      if (!abandoned && redeliver(message)) {
        abandoned = true;
        await receiver.abandonMessage(message);
      } else await receiver.completeMessage(message);
    }
  } finally {
    await receiver.close();
  }
}

describe('the replay route', () => {
  it('replays the history to a new subscription as queue steps: each event once, to it alone', {
    timeout: 90_000,
  }, async () => {
    const stored = await historyAndLateSubscriber('audit');

    const superseded = await post('audit', JSON.stringify({ aggregateTypes: ['bank.account'] }));
    expect(superseded.status).toBe(202);
    const body = JSON.stringify({ aggregateTypes: REPLAYED_TYPES, eventsPerSecond: 500 });
    const started = await post('audit', body);
    expect(started.status).toBe(202);
    expect(started.headers.get('location')).toBe('http://localhost:7071/api/replays/audit');
    expect(started.json).toEqual({
      subscription: 'audit',
      aggregateTypes: REPLAYED_TYPES,
      eventsPerSecond: 500,
      streams: 0,
      events: 0,
      pages: 0,
      startedAt: expect.any(String),
      url: 'http://localhost:7071/api/replays/audit',
    });
    expect(started.json.startedAt).not.toBe(superseded.json.startedAt);
    // Asked again while it runs: the same replay, not another.
    const again = await post('audit', body);
    expect([again.status, again.json.startedAt]).toEqual([202, started.json.startedAt]);

    // The second page's step is delivered again after it has been worked.
    const ours = (message: ServiceBusReceivedMessage) => message.body.startedAt === started.json.startedAt;
    const worked = await workSteps((message) => ours(message) && message.body.page === 1);
    expect(worked.filter((message) => !ours(message)).map((message) => message.body.page)).toEqual([0]);
    const pages = worked.filter(ours).map((message) => message.body.page);
    expect(pages.filter((page) => page === 1)).toHaveLength(2);
    const progress = await get('audit');
    expect(progress.status).toBe(200);
    expect(progress.json).toMatchObject({
      subscription: 'audit',
      streams: 7,
      events: 19,
      startedAt: started.json.startedAt,
      finishedAt: expect.any(String),
    });
    // bank.account's five streams in pages of two, then diary.item's two (a listing may end on an empty page).
    expect(progress.json.pages).toBeGreaterThanOrEqual(4);
    expect(pages).toHaveLength((progress.json.pages as number) + 1);
    expect(new Set(pages).size).toBe(progress.json.pages);

    await expectReplayedTo('audit', stored);
  });

  it('refuses a bad request with a problem and stores nothing', async () => {
    const checkpoints = application.stores.documents();
    for (const [subscription, body, code] of [
      ['late-1', '{"colour":"red"}', 'validation-failed'],
      ['late-2', '{"aggregateTypes":["no.such-type"]}', 'validation-failed'],
      ['late-3', '{"aggregateTypes":[]}', 'validation-failed'],
      ['late-4', '{"since":"yesterday"}', 'validation-failed'],
      ['late-5', '{"since":"2031-02-30T00:00:00Z"}', 'validation-failed'],
      ['late-6', '{"eventsPerSecond":0}', 'validation-failed'],
      ['late-7', '{"restart":"yes"}', 'validation-failed'],
      ['late-8', '["audit"]', 'validation-failed'],
      ['late-9', '{"since":', 'invalid-json'],
      ['-late', '{}', 'invalid-identifier'],
      ['late%20one', '{}', 'invalid-identifier'],
      ['x'.repeat(51), '{}', 'invalid-identifier'],
    ] as const) {
      const response = await post(subscription, body);
      expect([subscription, body, response.status, response.json.code]).toEqual([
        subscription,
        body,
        400,
        code,
      ]);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await checkpoints.get(REPLAYS_COLLECTION, subscription)).toBeUndefined();
    }
    const unknown = await post('late-10', '{"aggregateTypes":["no.such-type"],"since":"2031-01-01"}');
    expect((unknown.json.errors as { path: string }[]).map((error) => error.path)).toEqual([
      'body.aggregateTypes[0]',
    ]);
    const notJson = await post('late-11', 'aggregateTypes=bank.account', 'text/plain');
    expect([notJson.status, notJson.json.code]).toEqual([415, 'unsupported-media-type']);
    expect(await checkpoints.get(REPLAYS_COLLECTION, 'late-11')).toBeUndefined();
  });

  it('answers 404 replay-not-found for a subscription never replayed to, through the registered route too', async () => {
    const missing = await get('nobody-yet');
    expect([missing.status, missing.json.code]).toEqual([404, 'replay-not-found']);
    const viaRoute = await callFunction(replays, {
      url: 'http://localhost:7071/api/replays/nobody-yet',
      params: { subscription: 'nobody-yet' },
    });
    expect(viaRoute.status).toBe(404);
  });
});
