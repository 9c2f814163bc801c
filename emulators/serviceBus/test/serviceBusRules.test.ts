// Subscription rules through the official SDK: SQL filters (comparisons, AND/OR/NOT, IN, LIKE with ESCAPE,
// IS NULL, EXISTS, arithmetic, literals, system properties), correlation filters, true/false filters, SQL
// actions, and rules managed at run time with ServiceBusRuleManager.
import type { ServiceBusMessage } from '@azure/service-bus';
import { describe, expect, it } from 'vitest';
import type { RuleDefinition } from '../index.js';
import { receiveAll, receiveAndDelete, useServiceBusEmulator } from './serviceBusHarness.js';

const sent: ServiceBusMessage[] = [
  {
    body: 1,
    messageId: 'm1',
    subject: 'OrderPlaced',
    correlationId: 'c-1',
    to: 'billing',
    replyTo: 'replies',
    contentType: 'application/json',
    sessionId: 's-1',
    applicationProperties: {
      color: 'red',
      quantity: 15,
      name: 'order',
      urgent: true,
      'my property': 'x',
      priority: 1,
    },
  },
  {
    body: 2,
    messageId: 'm2',
    subject: 'OrderShipped',
    applicationProperties: { color: 'blue', quantity: 5, name: 'ordinal', code: 'a_1' },
  },
  { body: 3, messageId: 'm3', applicationProperties: { quantity: 25, name: 'border', code: 'ab1' } },
  {
    body: 4,
    messageId: 'm4',
    subject: 'OrderPlaced',
    applicationProperties: { color: 'green', quantity: 12, urgent: false },
  },
];

/** Subscription name → its one rule's filter, and the message ids it must receive. */
const cases: Record<string, [RuleDefinition['filter'], string[]]> = {
  equal: [{ sql: "color = 'red'" }, ['m1']],
  range: [{ sql: 'quantity > 10 AND quantity <= 20' }, ['m1', 'm4']],
  in: [{ sql: "color IN ('red', 'blue')" }, ['m1', 'm2']],
  'not-in': [{ sql: "color NOT IN ('red', 'blue')" }, ['m4']],
  like: [{ sql: "name LIKE 'ord%'" }, ['m1', 'm2']],
  'like-one': [{ sql: "name LIKE '_order'" }, ['m3']],
  'like-escape': [{ sql: "code LIKE 'a!_%' ESCAPE '!'" }, ['m2']],
  'is-null': [{ sql: 'color IS NULL' }, ['m3']],
  'is-not-null': [{ sql: 'color IS NOT NULL' }, ['m1', 'm2', 'm4']],
  exists: [{ sql: 'EXISTS(priority)' }, ['m1']],
  'not-exists': [{ sql: 'NOT EXISTS(urgent)' }, ['m2', 'm3']],
  label: [{ sql: "sys.Label = 'OrderPlaced'" }, ['m1', 'm4']],
  subject: [{ sql: "sys.Subject = 'OrderShipped'" }, ['m2']],
  system: [
    {
      sql:
        "sys.CorrelationId = 'c-1' AND sys.MessageId = 'm1' AND sys.To = 'billing' AND sys.ReplyTo = 'replies' " +
        "AND sys.ContentType = 'application/json' AND sys.SessionId = 's-1'",
    },
    ['m1'],
  ],
  logic: [{ sql: "(color = 'red' OR color = 'blue') AND NOT (quantity < 10)" }, ['m1']],
  'boolean-true': [{ sql: 'urgent = TRUE' }, ['m1']],
  'boolean-false': [{ sql: 'urgent = false' }, ['m4']],
  arithmetic: [{ sql: 'quantity * 2 = 30 OR quantity % 5 = 0 AND quantity <> 15' }, ['m1', 'm2', 'm3']],
  delimited: [{ sql: "[my property] = 'x' AND user.color != 'blue'" }, ['m1']],
  everything: [{ sql: '1=1' }, ['m1', 'm2', 'm3', 'm4']],
  nothing: [{ false: true }, []],
  correlation: [{ correlation: { correlationId: 'c-1', properties: { color: 'red' } } }, ['m1']],
  'correlation-label': [{ correlation: { subject: 'OrderPlaced' } }, ['m1', 'm4']],
};

const harness = useServiceBusEmulator({
  topics: [
    {
      name: 'filtered',
      subscriptions: Object.entries(cases).map(([name, [filter]]) => ({
        name,
        rules: [{ name: 'only', filter }],
      })),
    },
    { name: 'managed', subscriptions: [{ name: 'sub' }] },
    {
      name: 'actions',
      subscriptions: [
        {
          name: 'sub',
          rules: [
            { name: 'all', filter: { true: true } },
            {
              name: 'tag',
              filter: { sql: "color = 'red'" },
              action: { sql: "SET priority = 'high'; REMOVE color" },
            },
          ],
        },
      ],
    },
  ],
});

const idsReceived = async (topic: string, subscription: string, expected: number) => {
  const receiver = harness.client().createReceiver(topic, subscription, receiveAndDelete());
  const received = await receiveAll(receiver, expected);
  // Anything beyond what was expected would show up here.
  received.push(...(await receiver.receiveMessages(10, { maxWaitTimeInMs: 50 })));
  return received.map((message) => message.messageId);
};

describe('filters', () => {
  it('delivers each message to exactly the subscriptions whose SQL or correlation filter it matches', async () => {
    await harness.client().createSender('filtered').sendMessages(sent);
    const actual: Record<string, unknown[]> = {};
    for (const [name, [, expected]] of Object.entries(cases)) {
      actual[name] = await idsReceived('filtered', name, expected.length);
    }
    expect(actual).toEqual(Object.fromEntries(Object.entries(cases).map(([name, [, ids]]) => [name, ids])));
  });

  it('applies a SQL action to the copy its rule produces, beside the copy a plain rule lets in', async () => {
    await harness
      .client()
      .createSender('actions')
      .sendMessages([
        { body: 'red', applicationProperties: { color: 'red' } },
        { body: 'blue', applicationProperties: { color: 'blue' } },
      ]);
    const received = await receiveAll(
      harness.client().createReceiver('actions', 'sub', receiveAndDelete()),
      3,
    );
    expect(received.map((message) => [message.body, message.applicationProperties])).toEqual([
      ['red', { color: 'red' }],
      ['red', { priority: 'high', RuleName: 'tag' }],
      ['blue', { color: 'blue' }],
    ]);
  });
});

describe('ServiceBusRuleManager', () => {
  it('lists, deletes and creates SQL and correlation rules, and routes by them at once', async () => {
    const rules = harness.client().createRuleManager('managed', 'sub');
    const listed = async () => {
      const all = [];
      for await (const rule of rules.listRules()) all.push(rule);
      return all;
    };
    expect(await listed()).toEqual([{ name: '$Default', filter: { sqlExpression: '1=1' }, action: {} }]);

    await rules.deleteRule('$Default');
    await rules.createRule('big', { sqlExpression: 'quantity > 10' }, { sqlExpression: "SET size = 'big'" });
    await rules.createRule('vip', { correlationId: 'vip', applicationProperties: { tier: 'gold' } });

    expect((await listed()).map(({ name, filter, action }) => ({ name, filter, action }))).toEqual([
      {
        name: 'big',
        filter: { sqlExpression: 'quantity > 10' },
        action: { sqlExpression: "SET size = 'big'" },
      },
      {
        name: 'vip',
        filter: expect.objectContaining({ correlationId: 'vip', applicationProperties: { tier: 'gold' } }),
        action: {},
      },
    ]);
    await harness
      .client()
      .createSender('managed')
      .sendMessages([
        { body: 'small', applicationProperties: { quantity: 1 } },
        { body: 'large', applicationProperties: { quantity: 11 } },
        { body: 'gold', correlationId: 'vip', applicationProperties: { tier: 'gold' } },
      ]);
    const received = await receiveAll(
      harness.client().createReceiver('managed', 'sub', receiveAndDelete()),
      2,
    );
    expect(received.map((message) => [message.body, message.applicationProperties?.size])).toEqual([
      ['large', 'big'],
      ['gold', undefined],
    ]);
  });

  it('refuses a rule whose SQL does not parse, and a second rule of the same name', async () => {
    const rules = harness.client().createRuleManager('managed', 'sub');
    await expect(rules.createRule('broken', { sqlExpression: "color = 'red" })).rejects.toThrow(
      /unterminated string/,
    );
    await rules.createRule('twice', { sqlExpression: '1=1' });
    await expect(rules.createRule('TWICE', { sqlExpression: '1=1' })).rejects.toMatchObject({
      code: 'MessagingEntityAlreadyExists',
    });
    await rules.deleteRule('twice');
    await expect(rules.deleteRule('twice')).rejects.toThrow(/could not be found/);
  });
});
