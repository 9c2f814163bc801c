// Drift on the Service Bus side beyond topics and subscriptions (drift.test.ts): the rebuild queue that
// runRebuildWork reads must exist locally and in infra/ with the same settings, and every subscription must
// have the one rule that takes live events and its own replays only. Each mutation changes one side only, on
// a copy of the inputs, and the checker must name the mismatch.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DriftInputs } from '../support/drift.js';
import { driftAfter, editInfra, loadDriftInputs } from '../support/driftInputs.js';

/** A Bicep interpolation of `name`, as the text of infra/ holds it. */
const ref = (name: string) => `$\{${name}}`;

let inputs: DriftInputs;
beforeAll(async () => {
  inputs = await loadDriftInputs();
});

describe('drift of the Service Bus entities', () => {
  it('finds the rebuild queue on both sides', () => {
    expect(inputs.registrations.map(({ kind, name }) => `${kind} ${name}`)).toContain(
      'serviceBusQueue runRebuildWork',
    );
    expect(driftAfter(inputs, () => {})).toEqual([]);
  });

  it.each<[string, (copy: DriftInputs) => void, string[]]>([
    [
      'the rebuild queue missing locally',
      (copy) => {
        copy.serviceBusEntities.queues = [];
      },
      [
        'src/local/serviceBusEntities.json: no queue "projection-rebuilds" (runRebuildWork: %RebuildQueueName%)',
      ],
    ],
    [
      'the rebuild queue renamed in the Bicep',
      (copy) =>
        editInfra(
          copy,
          'main.bicep',
          "rebuildQueueName string = 'projection-rebuilds'",
          "rebuildQueueName string = 'rebuilds'",
        ),
      ['runRebuildWork: queueName is "projection-rebuilds" locally but "rebuilds" in infra'],
    ],
    [
      'the rebuild queue left out of the Service Bus module',
      (copy) =>
        editInfra(
          copy,
          'modules/serviceBus.bicep',
          "'Microsoft.ServiceBus/namespaces/queues@",
          "'Microsoft.ServiceBus/namespaces/queuez@",
        ),
      ['infra: no queue "projection-rebuilds" (runRebuildWork: %RebuildQueueName%)'],
    ],
    [
      'a subscription without its rule locally (it would take every replay)',
      (copy) => {
        const downstream = copy.serviceBusEntities.topics[0]?.subscriptions.find(
          ({ name }) => name === 'downstream',
        );
        if (downstream) delete downstream.rules;
      },
      [
        `src/local/serviceBusEntities.json: subscription "downstream" must have one rule, $Default, filtering "replayTarget IS NULL OR replayTarget = 'downstream'"`,
      ],
    ],
    [
      "a local rule that takes another subscription's replays",
      (copy) => {
        const rule = copy.serviceBusEntities.topics[0]?.subscriptions[0]?.rules?.[0];
        if (rule?.filter) rule.filter.sql = "replayTarget IS NULL OR replayTarget = 'downstream'";
      },
      [
        `src/local/serviceBusEntities.json: subscription "projections" must have one rule, $Default, filtering "replayTarget IS NULL OR replayTarget = 'projections'"`,
      ],
    ],
    [
      'the projections rule filtering on another property in the Bicep',
      (copy) =>
        editInfra(
          copy,
          'modules/serviceBus.bicep',
          `'replayTarget IS NULL OR replayTarget = \\'${ref('projectionsSubscriptionName')}`,
          `'target IS NULL OR replayTarget = \\'${ref('projectionsSubscriptionName')}`,
        ),
      [
        `infra: subscription projectionsSubscription has no $Default rule filtering 'replayTarget IS NULL OR replayTarget = \\'${ref('projectionsSubscriptionName')}\\''`,
      ],
    ],
    [
      'the downstream subscriptions left without rules in the Bicep',
      (copy) =>
        editInfra(
          copy,
          'modules/serviceBus.bicep',
          'parent: downstreamSubscriptions[i]',
          'parent: projectionsSubscription',
        ),
      [
        `infra: subscription downstreamSubscriptions has no $Default rule filtering 'replayTarget IS NULL OR replayTarget = \\'${ref('subscriptionName')}\\''`,
      ],
    ],
    [
      'a different max delivery count on the rebuild queue locally',
      (copy) => {
        const queue = copy.serviceBusEntities.queues?.[0];
        if (queue) queue.maxDeliveryCount = 3;
      },
      ['runRebuildWork: maxDeliveryCount is 3 locally but 10 in infra'],
    ],
  ])('names %s', (_, change, expected) => {
    const problems = driftAfter(inputs, change);
    for (const problem of expected) expect(problems).toContain(problem);
  });
});
