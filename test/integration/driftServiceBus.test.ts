// Drift in the Service Bus entities: the topic, the subscriptions (with their max delivery counts and their
// rules: every one takes live events and the replays meant for it only, and the workflows subscription also
// only the events the definitions need), the timers and rebuild queues, each as the code, the local emulator's
// entities file and infra/ name them. Each mutation changes one side only; the checker must name the mismatch.
import { beforeAll, describe, expect, it } from 'vitest';
import { workflowDefinitions } from '../../src/workflows/index.js';
import { workflowsSubscriptionFilter } from '../../src/workflows/subscription.js';
import type { DriftInputs } from '../support/drift.js';
import { driftAfter, editInfra, loadDriftInputs, localTopic } from '../support/driftInputs.js';

let inputs: DriftInputs;

beforeAll(async () => {
  inputs = await loadDriftInputs();
});

/** A Bicep interpolation of `name`, as the text of infra/ holds it. */
const ref = (name: string) => `$\{${name}}`;

const filter = workflowsSubscriptionFilter('workflows', workflowDefinitions());
const widened = workflowsSubscriptionFilter('workflows', [
  ...workflowDefinitions(),
  { reactsTo: { 'bank.account': ['AccountClosed'] } },
]);

describe('drift in the Service Bus entities', () => {
  it.each<[string, (copy: DriftInputs) => void, string[]]>([
    [
      'a different topic in src/local/serviceBusEntities.json',
      (copy) => {
        localTopic(copy).name = 'domain-events';
      },
      ['src/local/serviceBusEntities.json: no topic "events" (src/config/settings.ts: %EventsTopicName%)'],
    ],
    [
      'the topic renamed in main.parameters.json only',
      (copy) => {
        copy.infra['main.parameters.json'] = (copy.infra['main.parameters.json'] ?? '').replace(
          '"value": "events"',
          '"value": "domain-events"',
        );
      },
      ['src/config/settings.ts: topicName is "events" locally but "domain-events" in infra'],
    ],
    [
      'a module given the wrong name for the topic',
      (copy) =>
        editInfra(
          copy,
          'main.bicep',
          'eventsTopicName: eventsTopicName\n    projectionsSubscriptionName',
          'eventsTopicName: projectionsSubscriptionName\n    projectionsSubscriptionName',
        ),
      ['infra: no topic "events" (src/config/settings.ts: %EventsTopicName%)'],
    ],
    [
      'the projections subscription missing locally',
      (copy) => {
        localTopic(copy).subscriptions = localTopic(copy).subscriptions.filter(
          ({ name }) => name !== 'projections',
        );
      },
      [
        'src/local/serviceBusEntities.json: no subscription "projections" on "events" (src/config/settings.ts: %ProjectionsSubscriptionName%)',
      ],
    ],
    [
      'a different max delivery count in the Bicep',
      (copy) =>
        editInfra(copy, 'modules/serviceBus.bicep', 'maxDeliveryCount: 10 //', 'maxDeliveryCount: 5 //'),
      ['src/config/settings.ts: maxDeliveryCount is 10 locally but 5 in infra'],
    ],
    [
      'a different duplicate detection window locally',
      (copy) => {
        localTopic(copy).duplicateDetectionWindowInMs = 60_000;
      },
      ['src/config/settings.ts: windowInMs is 60000 locally but 600000 in infra'],
    ],
    [
      'the timers queue renamed in main.bicep only',
      (copy) =>
        editInfra(
          copy,
          'main.bicep',
          "param workflowTimersQueueName string = 'workflow-timers'",
          "param workflowTimersQueueName string = 'timers'",
        ),
      ['fireWorkflowTimers: queueName is "workflow-timers" locally but "timers" in infra'],
    ],
    [
      'a queue resource that does not use the queue setting',
      (copy) =>
        editInfra(copy, 'modules/serviceBus.bicep', 'name: workflowTimersQueueName', "name: 'timers'"),
      ['infra: no queue "workflow-timers" (fireWorkflowTimers: %WorkflowTimersQueueName%)'],
    ],
    [
      'the timers queue missing locally',
      (copy) => {
        copy.serviceBusEntities.queues = [];
      },
      [
        'src/local/serviceBusEntities.json: no queue "workflow-timers" (fireWorkflowTimers: %WorkflowTimersQueueName%)',
      ],
    ],
    [
      'a workflow reacting to one more event type (the filters on both sides are now stale)',
      (copy) => {
        copy.subscriptionFilters = { WorkflowsSubscriptionName: widened };
      },
      [
        `src/local/serviceBusEntities.json: subscription "workflows" (WorkflowsSubscriptionName) filters ${JSON.stringify([filter])}; the code needs [${JSON.stringify(widened)}]`,
        `infra: subscription "workflows" (WorkflowsSubscriptionName) filters ${JSON.stringify([filter])}; the code needs [${JSON.stringify(widened)}]`,
      ],
    ],
    [
      'a different filter in the Bicep',
      (copy) => editInfra(copy, 'modules/serviceBus.bicep', "\\'TransferApproved\\', ", ''),
      [
        `infra: subscription "workflows" (WorkflowsSubscriptionName) filters ${JSON.stringify([filter.replace("'TransferApproved', ", '')])}; the code needs [${JSON.stringify(filter)}]`,
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
      'the rebuild queue resource not named by its setting',
      (copy) => editInfra(copy, 'modules/serviceBus.bicep', 'name: rebuildQueueName', "name: 'rebuilds'"),
      ['infra: no queue "projection-rebuilds" (runRebuildWork: %RebuildQueueName%)'],
    ],
    [
      'a different max delivery count on the rebuild queue locally',
      (copy) => {
        const queue = copy.serviceBusEntities.queues?.find(({ name }) => name === 'projection-rebuilds');
        if (queue) queue.maxDeliveryCount = 3;
      },
      ['runRebuildWork: maxDeliveryCount is 3 locally but 10 in infra'],
    ],
    [
      'a subscription without its rule locally (it would take every replay)',
      (copy) => {
        const downstream = localTopic(copy).subscriptions.find(({ name }) => name === 'downstream');
        if (downstream) delete downstream.rules;
      },
      [
        `src/local/serviceBusEntities.json: subscription "downstream" must have one rule, $Default, filtering "replayTarget IS NULL OR replayTarget = 'downstream'"`,
      ],
    ],
    [
      "a local rule that takes another subscription's replays",
      (copy) => {
        const rule = localTopic(copy).subscriptions[0]?.rules?.[0];
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
      'the workflows rule taking every replay in the Bicep',
      (copy) =>
        editInfra(
          copy,
          'modules/serviceBus.bicep',
          `(replayTarget IS NULL OR replayTarget = \\'${ref('workflowsSubscriptionName')}\\') AND `,
          '',
        ),
      [
        `infra: subscription "workflows" (WorkflowsSubscriptionName) filters ${JSON.stringify([filter.replace("(replayTarget IS NULL OR replayTarget = 'workflows') AND ", '')])}; the code needs [${JSON.stringify(filter)}]`,
      ],
    ],
  ])('names %s', (_, change, expected) => {
    expect(driftAfter(inputs, () => {})).toEqual([]);
    const problems = driftAfter(inputs, change);
    for (const problem of expected) expect(problems).toContain(problem);
  });
});
