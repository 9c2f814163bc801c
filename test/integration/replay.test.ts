// Issue 14 (acceptance): replaying the stored history to a new subscription `audit` delivers every stored event
// exactly once to it (by messageId), in per-stream order, and nothing to `projections` or `downstream`, whose
// rules take live events and their own replays only. The replay is interrupted after its first page and
// resumed from its checkpoint, sending nothing twice. The test topic's duplicate-detection window is one second,
// so the copies are not dropped as duplicates of the live messages (in Azure: replay 10 minutes later).
import { describe, expect, it } from 'vitest';
import { replayHistory } from '../../src/messaging/replay.js';
import { REPLAYED_TYPES, replayTest } from '../support/replayHistory.js';
import { topicName } from '../support/serviceBusTopics.js';

const topic = topicName('replay');
const { application, historyAndLateSubscriber, expectReplayedTo } = replayTest(topic);

describe('replaying the history to a new subscription', () => {
  it('delivers every stored event exactly once to it, in stream order, and nothing to the others', {
    timeout: 60_000,
  }, async () => {
    const stored = await historyAndLateSubscriber('audit');

    const options = {
      storeFor: (type: string) => application.stores.forAggregateType(type),
      publisher: application.messaging.publisher,
      checkpoints: application.stores.documents(),
      subscription: 'audit',
      aggregateTypes: REPLAYED_TYPES,
      pageSize: 2,
    };
    const abort = new AbortController();
    const first = await replayHistory({ ...options, signal: abort.signal, onProgress: () => abort.abort() });
    expect(first).toMatchObject({ typeIndex: 0, streams: 2, events: 6, pages: 1 });
    expect(first.finishedAt).toBeUndefined();
    const resumed = await replayHistory(options);
    expect(resumed).toMatchObject({ typeIndex: 2, streams: 7, events: 19, finishedAt: expect.any(String) });

    await expectReplayedTo('audit', stored);
  });
});
