// Reads the Service Bus entities file the CLI takes (`--entities FILE`): topics with their subscriptions (and
// their rules), and queues, as JSON. Checked strictly, so a misspelt setting fails with its path instead of
// being ignored; a rule's SQL is parsed when the emulator creates it.
import { readFileSync } from 'node:fs';
import type { ServiceBusEntities } from './start.js';

type Checked = Record<string, unknown>;

const NUMBERS = ['maxDeliveryCount', 'lockDurationInMs', 'duplicateDetectionWindowInMs'] as const;
const ALLOWED = {
  topic: ['name', 'subscriptions', 'duplicateDetectionWindowInMs'],
  subscription: ['name', 'maxDeliveryCount', 'lockDurationInMs', 'requiresSession', 'rules'],
  queue: ['name', 'maxDeliveryCount', 'lockDurationInMs', 'duplicateDetectionWindowInMs', 'requiresSession'],
  rule: ['name', 'filter', 'action'],
  correlation: [
    'correlationId',
    'messageId',
    'to',
    'replyTo',
    'subject',
    'label',
    'sessionId',
    'replyToSessionId',
    'contentType',
    'properties',
  ],
};

export function readEntitiesFile(path: string): ServiceBusEntities {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`--entities ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseEntities(parsed, path);
}

/** Validates `{ topics?: [...], queues?: [...] }`; errors name the file and the entry at fault. */
export function parseEntities(value: unknown, source: string): ServiceBusEntities {
  const fail = (where: string, what: string): never => {
    throw new Error(`--entities ${source}: ${where} ${what}`);
  };
  const root = object(value, 'the file', fail, ['topics', 'queues']);
  const topics = list(root.topics, 'topics', fail).map((topic, index) => {
    const where = `topics[${index}]`;
    const checked = entity(topic, where, ALLOWED.topic, fail);
    const subscriptions = list(checked.subscriptions, `${where}.subscriptions`, fail).map(
      (subscription, n) => {
        const at = `${where}.subscriptions[${n}]`;
        const checkedSubscription = entity(subscription, at, ALLOWED.subscription, fail);
        if (checkedSubscription.rules === undefined) return checkedSubscription;
        const rules = list(checkedSubscription.rules, `${at}.rules`, fail).map((r, i) =>
          rule(r, `${at}.rules[${i}]`, fail),
        );
        return { ...checkedSubscription, rules };
      },
    );
    return { ...checked, subscriptions };
  });
  const queues = list(root.queues, 'queues', fail).map((queue, index) =>
    entity(queue, `queues[${index}]`, ALLOWED.queue, fail),
  );
  // Every field is now known to have the type the definitions declare.
  return { topics, queues } as unknown as ServiceBusEntities;
}

type Fail = (where: string, what: string) => never;

function object(value: unknown, where: string, fail: Fail, allowed: readonly string[]): Checked {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'must be an object');
  const checked = value as Checked;
  for (const key of Object.keys(checked)) {
    if (!allowed.includes(key)) fail(where, `has an unknown field "${key}" (expected ${allowed.join(', ')})`);
  }
  return checked;
}

function list(value: unknown, where: string, fail: Fail): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(where, 'must be an array');
  return value as unknown[];
}

function entity(value: unknown, where: string, allowed: readonly string[], fail: Fail): Checked {
  const checked = object(value, where, fail, allowed);
  if (typeof checked.name !== 'string' || checked.name === '')
    fail(`${where}.name`, 'must be a non-empty string');
  if (checked.requiresSession !== undefined && typeof checked.requiresSession !== 'boolean')
    fail(`${where}.requiresSession`, 'must be true or false');
  for (const key of NUMBERS) {
    const setting = checked[key];
    if (setting !== undefined && !(typeof setting === 'number' && Number.isInteger(setting) && setting >= 0))
      fail(`${where}.${key}`, 'must be a whole number ≥ 0');
  }
  return checked;
}

/** `{ name, filter: { sql } | { correlation: {…} } | { true: true } | { false: true }, action?: { sql } }` */
function rule(value: unknown, where: string, fail: Fail): Checked {
  const checked = object(value, where, fail, ALLOWED.rule);
  if (typeof checked.name !== 'string' || checked.name === '')
    fail(`${where}.name`, 'must be a non-empty string');
  const filter = object(checked.filter, `${where}.filter`, fail, ['sql', 'correlation', 'true', 'false']);
  const kinds = Object.keys(filter);
  if (kinds.length !== 1) fail(`${where}.filter`, 'must have exactly one of sql, correlation, true, false');
  if ('sql' in filter && typeof filter.sql !== 'string') fail(`${where}.filter.sql`, 'must be a string');
  if ('true' in filter && filter.true !== true) fail(`${where}.filter.true`, 'must be true');
  if ('false' in filter && filter.false !== true) fail(`${where}.filter.false`, 'must be true');
  if ('correlation' in filter) {
    const correlation = object(filter.correlation, `${where}.filter.correlation`, fail, ALLOWED.correlation);
    for (const [key, field] of Object.entries(correlation)) {
      if (key === 'properties')
        object(field, `${where}.filter.correlation.properties`, fail, Object.keys(field ?? {}));
      else if (typeof field !== 'string') fail(`${where}.filter.correlation.${key}`, 'must be a string');
    }
  }
  if (checked.action !== undefined) {
    const action = object(checked.action, `${where}.action`, fail, ['sql']);
    if (typeof action.sql !== 'string') fail(`${where}.action.sql`, 'must be a string');
  }
  return checked;
}
