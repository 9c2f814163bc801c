// One Service Bus emulator per test file, driven only through the official @azure/service-bus SDK, with the
// entities the emulator tests use (each test has its own topic or queue, so tests never see each other's
// messages; a file may add its own) and a few SDK helpers.
import {
  type ServiceBusReceivedMessage as Received,
  ServiceBusClient,
  type ServiceBusMessage,
  type ServiceBusReceiver,
  type ServiceBusReceiverOptions,
} from '@azure/service-bus';
import Long from 'long';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import {
  type QueueDefinition,
  type RunningServiceBusEmulator,
  startServiceBusEmulator,
  type TopicDefinition,
} from '../index.js';

export type { Received };

const plainTopics = ['batches', 'complete', 'abandon', 'dead-letter', 'subscribe', 'subscribe-error'];
const moreTopics = ['peek', 'throughput', 'run-time'];

export interface EmulatorHarness {
  emulator(): RunningServiceBusEmulator;
  client(): ServiceBusClient;
  subscriptionReceiver(topic: string, options?: ServiceBusReceiverOptions): ServiceBusReceiver;
  send(topicOrQueue: string, messages: ServiceBusMessage | ServiceBusMessage[]): Promise<void>;
}

export function useServiceBusEmulator(
  own: { topics?: TopicDefinition[]; queues?: QueueDefinition[] } = {},
): EmulatorHarness {
  let emulator: RunningServiceBusEmulator;
  let client: ServiceBusClient;
  beforeAll(async () => {
    emulator = await startServiceBusEmulator({
      port: 0,
      topics: [
        { name: 'fan-out', subscriptions: [{ name: 'audit' }, { name: 'billing' }] },
        ...[...plainTopics, ...moreTopics].map((name) => ({ name, subscriptions: [{ name: 'sub' }] })),
        { name: 'max-delivery', subscriptions: [{ name: 'sub', maxDeliveryCount: 2 }] },
        { name: 'lock-expiry', subscriptions: [{ name: 'sub', lockDurationInMs: 500 }] },
        { name: 'lock-renewal', subscriptions: [{ name: 'sub', lockDurationInMs: 1_000 }] },
        { name: 'short-window', subscriptions: [{ name: 'sub' }], duplicateDetectionWindowInMs: 300 },
        ...(own.topics ?? []),
      ],
      queues: [{ name: 'receive-and-delete' }, { name: 'drain' }, ...(own.queues ?? [])],
    });
    client = new ServiceBusClient(emulator.connectionString);
  });
  afterAll(async () => {
    await client?.close();
    await emulator?.close();
  });
  return {
    emulator: () => emulator,
    client: () => client,
    subscriptionReceiver: (topic, options = {}) => client.createReceiver(topic, 'sub', options),
    send: (topicOrQueue, messages) => client.createSender(topicOrQueue).sendMessages(messages),
  };
}

export const receiveAll = async (receiver: ServiceBusReceiver, count: number): Promise<Received[]> => {
  const received: Received[] = [];
  while (received.length < count) {
    const batch = await receiver.receiveMessages(count - received.length, { maxWaitTimeInMs: 5_000 });
    if (batch.length === 0) break;
    received.push(...batch);
  }
  return received;
};

export const receiveOne = async (receiver: ServiceBusReceiver) =>
  (await receiveAll(receiver, 1))[0] as Received;
// A fresh object each time: createReceiver deletes `receiveMode` from the options it is given.
export const receiveAndDelete = (): ServiceBusReceiverOptions => ({ receiveMode: 'receiveAndDelete' });
export const bodies = (messages: Received[]) => messages.map((message) => message.body);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const until = (condition: () => boolean) =>
  vi.waitFor(() => expect(condition()).toBe(true), { timeout: 4_000 });

/**
 * Peeks from the first message: a plain peekMessages goes on from the last message the client peeked on
 * that entity, so a second peek would say nothing of what the first one saw.
 */
export const peekAll = (receiver: ServiceBusReceiver, options: { omitMessageBody?: boolean } = {}) =>
  receiver.peekMessages(1_000, { ...options, fromSequenceNumber: Long.fromNumber(1) });
