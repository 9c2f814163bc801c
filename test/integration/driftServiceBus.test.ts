// Drift in the Service Bus entities: the topic, the subscriptions (with their max delivery counts and, for the
// workflows, the SQL filter the definitions need), the timers queue, each as the code, the local emulator's
// entities file and infra/ name them. Each mutation changes one side only; the checker must name the mismatch.
import { beforeAll, describe, expect, it } from 'vitest';
import { workflowDefinitions } from '../../src/workflows/index.js';
import { subscriptionFilter } from '../../src/workflows/subscription.js';
import type { DriftInputs } from '../support/drift.js';
import { driftAfter, editInfra, loadDriftInputs, localTopic } from '../support/driftInputs.js';

let inputs: DriftInputs;

beforeAll(async () => {
  inputs = await loadDriftInputs();
});

const filter = subscriptionFilter(workflowDefinitions());
const widened = subscriptionFilter([
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
  ])('names %s', (_, change, expected) => {
    const problems = driftAfter(inputs, change);
    for (const problem of expected) expect(problems).toContain(problem);
  });
});
