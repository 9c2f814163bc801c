// Reads the Service Bus entities file the CLI takes (`--entities FILE`): topics with their subscriptions,
// and queues, as JSON. Checked strictly, so a misspelt setting fails with its path instead of being ignored.
import { readFileSync } from 'node:fs';
import type { ServiceBusEntities } from './start.js';

type Checked = Record<string, unknown>;

const NUMBERS = ['maxDeliveryCount', 'lockDurationInMs', 'duplicateDetectionWindowInMs'] as const;
const ALLOWED = {
  topic: ['name', 'subscriptions', 'duplicateDetectionWindowInMs'],
  subscription: ['name', 'maxDeliveryCount', 'lockDurationInMs'],
  queue: ['name', 'maxDeliveryCount', 'lockDurationInMs', 'duplicateDetectionWindowInMs'],
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
    const subscriptions = list(checked.subscriptions, `${where}.subscriptions`, fail).map((subscription, n) =>
      entity(subscription, `${where}.subscriptions[${n}]`, ALLOWED.subscription, fail),
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
  for (const key of NUMBERS) {
    const setting = checked[key];
    if (setting !== undefined && !(typeof setting === 'number' && Number.isInteger(setting) && setting >= 0))
      fail(`${where}.${key}`, 'must be a whole number ≥ 0');
  }
  return checked;
}
